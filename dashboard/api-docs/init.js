// Starts Swagger UI on /openapi.json. A separate file (not an inline script) so the page works
// under a Content-Security-Policy that allows only 'self' scripts.
window.addEventListener("DOMContentLoaded", () => {
  window.ui = window.SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    // "Authorize" keeps the key for this tab only; the key is never put in the page's URL.
    persistAuthorization: false,
    tryItOutEnabled: false,
    validatorUrl: null, // the default would call validator.swagger.io
  });
});
