// The grounded bench's material: six short articles a founder might have on a blog or in a
// newsletter, and for each, topics a task could ask for (worded differently from the article),
// plus topics none of them covers (to see whether retrieval grounds a post in unrelated text).

export interface Article {
  title: string;
  paragraphs: string[];
  topics: string[];
}

export const ARTICLES: Article[] = [
  {
    title: "What we learned raising our prices",
    paragraphs: [
      "Most first-time founders price their product at what they would pay themselves, which is almost always too low.",
      "We raised our starter plan from 9 to 29 dollars a month and lost only two of our forty customers.",
      "The customers who stayed told us the old price made them wonder whether we would still be around next year.",
      "Annual plans paid up front gave us four months of runway without talking to a single investor.",
    ],
    topics: ["raising your prices", "pricing your first SaaS", "annual plans and cash flow"],
  },
  {
    title: "How we made our first hire",
    paragraphs: [
      "Our first hire was a support engineer, not a salesperson, because every support ticket taught us what to build next.",
      "We wrote the job post as a list of problems the person would own in their first ninety days.",
      "The best candidate came from our own customer list: she had filed eleven thoughtful bug reports in a year.",
      "We paid a little under market in cash and explained the equity in plain numbers, not percentages.",
    ],
    topics: ["hiring your first employee", "writing a job post", "paying early employees"],
  },
  {
    title: "The week we stopped churn",
    paragraphs: [
      "Churn dropped by half the month we started calling every customer who downgraded within a day.",
      "Most of them were not unhappy with the product; they simply had not finished setting it up.",
      "A fifteen-minute setup call in the first week now keeps more customers than any feature we shipped this year.",
      "We track one number for this: the share of new accounts that send their first invoice within seven days.",
    ],
    topics: ["reducing churn", "customer onboarding calls", "keeping customers"],
  },
  {
    title: "Why we said no to venture capital",
    paragraphs: [
      "We turned down a seed round because the investors wanted us to grow ten times in two years.",
      "Growing three times in two years on our own revenue let us keep every customer we actually liked.",
      "Profit every month meant we could take a week off in August without anyone asking for a board update.",
      "Bootstrapping is slower, but the only people we answer to are the customers who pay us.",
    ],
    topics: ["bootstrapping vs venture capital", "turning down investors", "growing on revenue"],
  },
  {
    title: "Running a remote team across six time zones",
    paragraphs: [
      "Our team of eight lives in six time zones, so we write decisions down instead of holding meetings.",
      "Every Friday each person posts a short note: what shipped, what is stuck, and what they need from someone.",
      "We keep one two-hour overlap window a week for the conversations that really need voices.",
      "New teammates say the written decision log taught them more in a week than any onboarding deck.",
    ],
    topics: ["remote work across time zones", "async communication", "fewer meetings"],
  },
  {
    title: "Our first hundred customers came from one forum",
    paragraphs: [
      "Our first hundred customers came from answering questions in a single accounting forum for six months.",
      "We never linked to our product in an answer; the link sat in our profile and people found it.",
      "Writing one detailed answer a day took an hour, and it still brings us three sign-ups a week.",
      "Paid ads cost us eighty dollars per trial, while the forum cost nothing but attention.",
    ],
    topics: ["finding your first customers", "community-led growth", "marketing without ads"],
  },
];

/** Topics none of the articles covers. */
export const OFF_TOPICS = ["sleep and productivity", "learning to cook", "running a marathon", "choosing a laptop"];
