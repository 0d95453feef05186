import { CONTENT_SECURITY_POLICY } from "./security-headers.ts";
// A self-contained reference page for /openapi.json: no CDN, so it works offline and under a strict CSP.
export const DOCS_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>threads-agent API</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;color:#1c1c1c}
h1{margin-bottom:0}.op{border:1px solid #ddd;border-radius:8px;margin:1rem 0;padding:.75rem 1rem}
.m{display:inline-block;min-width:4.5rem;font-weight:700;text-transform:uppercase}
.get{color:#0a7}.post{color:#06c}.patch,.put{color:#a60}.delete{color:#c22}
code,pre{font:13px ui-monospace,monospace;background:#f5f5f5;border-radius:4px}pre{padding:.5rem;overflow:auto}
.lock{font-size:12px;color:#777}
</style></head><body>
<h1>threads-agent API</h1><p id="desc">Loading <a href="/openapi.json">/openapi.json</a>…</p><div id="ops"></div>
<script>
const el=(t,c,h)=>{const e=document.createElement(t);if(c)e.className=c;if(h!=null)e.textContent=h;return e};
const ref=(s,spec)=>s&&s.$ref?spec.components.schemas[s.$ref.split('/').pop()]:s;
fetch('/openapi.json').then(r=>r.json()).then(spec=>{
  document.getElementById('desc').textContent=spec.info.description||'';
  const ops=document.getElementById('ops');
  for(const [path,item] of Object.entries(spec.paths))for(const [method,op] of Object.entries(item)){
    const d=el('div','op');const h=el('div');h.append(el('span','m '+method,method),el('code',null,path));
    if(op.security&&op.security.length)h.append(el('span','lock',' · needs API key'));d.append(h);
    if(op.description)d.append(el('p',null,op.description));
    const body=op.requestBody&&op.requestBody.content&&op.requestBody.content['application/json'];
    if(body){d.append(el('div',null,'Request body'));d.append(el('pre',null,JSON.stringify(ref(body.schema,spec),null,2)))}
    const params=(op.parameters||[]).map(p=>p.in+' '+p.name+(p.required?' (required)':''));
    if(params.length)d.append(el('p',null,'Parameters: '+params.join(', ')));
    d.append(el('p',null,'Responses: '+Object.entries(op.responses).map(([s,r])=>s+' '+r.description).join(' · ')));
    ops.append(d)}
}).catch(e=>{document.getElementById('desc').textContent='Could not load the spec: '+e});
</script></body></html>`;

// The page's own inline script and style, allowed by their hashes (CSP level 2) instead of
// 'unsafe-inline', so /docs keeps the strict policy of the rest of the Worker. Computed once.
async function inlineHash(tag: "script" | "style"): Promise<string> {
  const body = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(DOCS_HTML)?.[1] ?? "";
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body)));
  return `'sha256-${btoa(String.fromCharCode(...digest))}'`;
}

let docsCsp: Promise<string> | null = null;

export function docsContentSecurityPolicy(): Promise<string> {
  docsCsp ??= Promise.all([inlineHash("script"), inlineHash("style")]).then(([script, style]) =>
    CONTENT_SECURITY_POLICY.replace("script-src 'self'", `script-src 'self' ${script}`).replace("style-src 'self'", `style-src 'self' ${style}`),
  );
  return docsCsp;
}
