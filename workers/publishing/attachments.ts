// What a post's attachments (posts.attachments) add to its containers: the root (a single post,
// or a chain's first part) carries the poll, the link, the topic tag and the quoted post; every
// part carries reply_control, so a chain's replies are as closed as its root.
import type { Db } from "../db/client.ts";
import { getPost } from "../db/posts.ts";
import type { PostRow } from "../db/schema/index.ts";
import { AppError } from "../errors.ts";
import type { CreateContainerInput } from "../providers/threads/index.ts";

type Extras = Omit<CreateContainerInput, "text">;

export async function containerExtras(db: Db, post: PostRow): Promise<{ root: Extras; reply: Extras }> {
  const a = post.attachments ?? {};
  const reply: Extras = a.reply_control ? { replyControl: a.reply_control } : {};
  const root: Extras = { ...reply };
  if (a.poll) root.pollOptions = a.poll.options;
  if (a.link) root.linkAttachment = a.link;
  if (a.topic_tag) root.topicTag = a.topic_tag;
  if (a.quote_post_id) {
    // Threads quotes by media id; the quoted post must still be ours and on Threads.
    const quoted = await getPost(db, a.quote_post_id);
    if (!quoted?.threadsMediaId || quoted.personaId !== post.personaId)
      throw new AppError(
        "bad_request",
        `the quoted post '${a.quote_post_id}' is no longer one of this persona's posts on Threads; remove the quote or regenerate the post`,
      );
    root.quotePostId = quoted.threadsMediaId;
  }
  return { root, reply };
}
