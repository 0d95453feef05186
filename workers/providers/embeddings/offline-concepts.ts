import { stem } from "./offline-text.ts";

// A small concept table for the topics personas post about. Words in one group share a
// concept feature, so "inbox" and "messages", or "salary" and "paycheck", pull two posts
// together even when they share no word. Groups are broad on purpose (a topic, not a synonym
// set); the word features still tell "same topic" from "same wording". Entries with a space are
// two-word phrases; entries in unspaced scripts (CJK) are matched as substrings.
// A word may belong to several groups. Keep groups generic: this is a prior, not a fit to data.

const GROUPS: Record<string, string> = {
  morning: "morning wake woke waking dawn sunrise early breakfast am 朝 早起き mañana morgen matin",
  evening: "night evening bedtime tonight nightly 夜 noche abend soir",
  sleep: "sleep asleep slept nap bedtime mattress insomnia rest bed 睡眠 寝 dormir schlaf sueño",
  coffee: "coffee espresso caffeine latte decaf cafe café cappuccino コーヒー カフェイン 珈琲 kaffee",
  email: "email inbox mail message messages dm slack reply replies notification ping",
  meeting: "meeting meetings call calls zoom agenda standup sync 会議 reunión besprechung",
  focus:
    "focus attention concentrate concentration distraction distracted deep zone interrupt notification ping mute alert 集中 konzentration",
  productivity:
    "productive productivity efficient efficiency output task tasks todo list done procrastination procrastinate",
  time: "time hour hours minute minutes schedule calendar day daily week weekly 時間 zeit tiempo",
  priority: "priority priorities important focus essential",
  phone: "phone iphone android smartphone screen app apps scroll scrolling feed doomscroll スマホ handy móvil",
  social: "instagram tiktok twitter facebook linkedin threads youtube social platform reels",
  audience: "audience follower followers fans readers subscriber subscribers community 1000 people",
  engagement:
    "engagement like likes comment comments reply replies interaction interactions hearts reach views impressions algorithm",
  content:
    "content post posts posting thread threads reel video clip write writing draft caption beitrag 投稿 publicación",
  hook: "hook headline opening intro title line sentence einstieg satz 見出し",
  viral: "viral trending blow explode",
  marketing: "marketing promotion promote advertising ad ads brand campaign mouth word_of_mouth",
  sales: "sell sales selling sold pitch outreach lead leads prospect cold close deal",
  customer: "customer customers client clients user users buyer buyers shopper shoppers people paying",
  price:
    "price prices pricing charge charging rate rates fee fees expensive cheap discount plan tier premium bill billing",
  money:
    "money cash income revenue salary paycheck pay paid earn earning profit dollar bank wealth budget financial finance 9 geld dinero sueldo お金",
  saving: "save saving savings frugal budget emergency ahorra ahorrar ahorro sparen",
  investing: "invest investing investment stock stocks index fund funds compound interest portfolio crypto growth",
  startup: "startup startups founder founders company business venture entrepreneur hustle side_hustle shop",
  job: "job jobs career work working employer employee 9to5 day_job 9_to_5 office workplace day corporate",
  hiring:
    "hire hiring hired recruit recruiter candidate resume cv credential credentials interview fire fired employee staff",
  leadership: "boss manager managers lead leader leaders leadership team teams run",
  team: "team teams coworker coworkers colleague colleagues staff group people",
  remote: "remote wfh home distributed async office hybrid",
  ai: "ai llm llms chatgpt gpt chatbot chatbots model models machine intelligence prompt claude gemini",
  code: "code coding programming programmer developer engineer engineers software script scripts bug program tech",
  learning:
    "learn learning study course courses class classes tutorial education school certification mba bootcamp teach taught",
  reading: "read reading book books novel novels audiobook author 本 読書 lesen libro",
  exercise:
    "gym workout exercise training train lift lifting run running runner marathon fitness strength stairs move movement sport",
  walking: "walk walking stroll steps hike outside outdoors 散歩 歩 spazieren caminar",
  health: "health healthy body diet nutrition wellness",
  food: "food eat eating meal meals lunch dinner breakfast cook cooking takeout snack hungry full protein eggs",
  sugar: "sugar sweets sweet dessert candy",
  water: "water hydrate hydrated hydration dehydration dehydrated h2o thirsty",
  alcohol: "alcohol booze drinking drunk beer wine sober hangover",
  mind: "anxiety anxious stress stressed worry worried fear dread dreading mental therapy calm mind overwhelmed",
  burnout: "burnout burned exhausted exhaustion tired drained fatigue",
  rest: "rest break breaks vacation holiday pause recharge weekend off",
  habit: "habit habits routine routines ritual rituals daily consistent consistency",
  failure: "fail failure failed mistake mistakes flop flops lesson lessons",
  success: "success successful win winning wins achievement overnight",
  feedback: "feedback criticism criticize critique praise",
  family: "kid kids child children parent parents parenting toddler son daughter family",
  network: "network networking relationship relationships connection connections contact contacts",
  help: "help helping helpful support value favor",
  start: "start starting begin action motivation launch ship release first",
  perfect: "perfect perfection perfectionism polish polished",
  clarity: "explain simple simply clear clearly clarity understand",
  writing: "write writer writing draft edit editing rewrite prose",
  design: "design ux ui interface",
  debt: "debt loan interest borrowed",
  docs: "document documentation documented written notes",
  refuse: "decline turn reject refuse turn_down say_no",
  compare: "compare comparing comparison measure",
  language: "language languages spanish french german subtitles captions fluent",
  subscription: "subscription subscriptions streaming netflix hulu cancel cancelled",
  furniture: "chair desk mattress furniture",
  multitask: "multitask multitasking switching toggling at_once",
  trust: "trust credibility reputation reliable",
  metrics: "measure metric metrics track tracking numbers data analytics",
  lifetime: "decade decades year years age old",
  apology: "sorry apologize apologizing apology apologise",
  voice: "speak speaking talk talking say voice conversation speak_up",
  listen: "listen listening listener hear heard",
  introvert: "introvert introverts introverted quiet shy reserved",
  strength: "strength strong weakness weak brave courage confident confidence",
  argue: "argue arguing argument arguments fight fighting debate disagree conflict",
  online: "online internet web comments comment strangers stranger",
  energy: "energy drain drained draining waste wasted",
  patience: "patience patient calm calmer",
  stuck: "stuck blocked blocker block",
  opportunity: "opportunity opportunities offer offers chance chances",
  quality: "good great decent exceptional excellent amazing awesome incredible outstanding",
  public: "public publicly share sharing visible in_public",
  project: "project projects portfolio side_project",
  reward: "reward rewards earn earned deserve prize",
  choice: "choose choosing choice decide decision pick",
  speed: "slow fast quick quickly wait waiting speed hurry",
  join: "join joins joined onboard onboarding",
  vacation: "vacation holiday holidays time_off day_off days_off pto leave",
  stop: "stop quit quitting cancel cancelled drop dropped",
  ask: "ask asking question questions reach_out",
  repeat: "every_day each_day every_night each_night every_morning",
};

// General-purpose synonym sets (WordNet-style, written from the language, not fitted to any
// labelled pair): paraphrases swap these words far more often than they swap topics.
const SYNONYMS: Record<string, string> = {
  begin: "begin start starting started commence kick_off get_going",
  finish: "finish finished end ending complete completed wrap done",
  big: "big large huge massive enormous major giant vast",
  small: "small tiny little minor slight modest",
  hard: "hard difficult tough challenging tricky",
  easy: "easy simple effortless straightforward painless",
  make: "make create build produce craft generate",
  get: "get obtain receive gain acquire",
  try: "try attempt test experiment",
  keep: "keep maintain retain preserve hold",
  change: "change shift switch alter adjust modify swap",
  improve: "improve better boost enhance upgrade",
  increase: "increase grow raise rise rising climb jump surge soar",
  decrease: "decrease drop cut reduce lower decline fall shrink slash",
  mistake: "mistake error blunder slip",
  problem: "problem issue trouble difficulty",
  goal: "goal target aim objective",
  idea: "idea concept notion thought",
  think: "think believe feel reckon suppose",
  say: "say said tell told state stated claim claimed",
  show: "show reveal display demonstrate prove",
  need: "need require must necessary",
  use: "use using utilize employ apply",
  buy: "buy purchase acquire",
  help: "help assist aid support",
  answer: "answer reply respond response",
  often: "often frequently regularly usually",
  never: "never rarely seldom",
  always: "always constantly consistently",
  important: "important crucial critical key vital essential",
  fast: "fast quick rapid swift speedy",
  slow: "slow gradual sluggish",
  bad: "bad poor terrible awful worse worst",
  good: "good great excellent fine solid",
  rich: "rich wealthy affluent",
  afraid: "afraid scared frightened fearful",
  happy: "happy glad pleased delighted",
  angry: "angry mad furious upset",
  leave: "leave quit exit depart resign",
  talk: "talk speak chat discuss converse",
  look: "look see watch view observe notice",
  choose: "choose pick select opt",
  fix: "fix repair solve resolve",
  plan: "plan strategy approach method",
  result: "result outcome effect consequence",
  reason: "reason cause why because",
  company: "company firm business corporation",
  worker: "worker employee staff personnel",
  kill: "kill killed slay murder",
  arrest: "arrest arrested detain detained capture",
  official: "official officials authority authorities",
};
for (const [name, words] of Object.entries(SYNONYMS)) GROUPS[`syn_${name}`] = words;

/** stem (or stem bigram "a b") -> concept names */
export const WORD_CONCEPTS = new Map<string, string[]>();
/** unstemmed phrase of raw tokens joined by "_" (stop words kept) -> concept names */
export const PHRASE_CONCEPTS = new Map<string, string[]>();
/** unspaced-script term -> concept names */
export const UNSPACED_CONCEPTS: [string, string][] = [];

for (const [concept, entries] of Object.entries(GROUPS)) {
  for (const entry of entries.split(/\s+/)) {
    if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(entry)) {
      UNSPACED_CONCEPTS.push([entry, concept]);
      continue;
    }
    if (entry.includes("_")) {
      PHRASE_CONCEPTS.set(entry, [...(PHRASE_CONCEPTS.get(entry) ?? []), concept]);
      continue;
    }
    const key = entry.normalize("NFKC").toLowerCase().split("-").map(stem).join(" ");
    const list = WORD_CONCEPTS.get(key) ?? [];
    if (!list.includes(concept)) list.push(concept);
    WORD_CONCEPTS.set(key, list);
  }
}
