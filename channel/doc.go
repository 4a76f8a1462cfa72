// Package channel is tandem's vocabulary of social networks, the
// publishing limits a planner must respect on each, and the accounts a
// brand or a rival holds on them.
//
// A [Channel] is a string enum (instagram, facebook, x, linkedin, tiktok,
// youtube, pinterest, threads, bluesky, mastodon, reddit) whose text and JSON
// decoding is strict: an unknown network is an error listing the known ones.
// An [Account] is a presence on one network, named by its network and
// handle: the brand's company page, its founder's profile, or a
// competitor's account it watches. [Accounts] is a plan's list of them
// (several per network allowed; one handle per network, compared without
// regard to case). Entries, routines, KPIs and crisis statements refer to
// an account by network and handle ([AccountRef]); [Accounts.Resolve] finds
// the one a reference names, and an empty handle names the brand's only
// account on the network, so a plan with one account per network is as
// short to write as one without accounts. [AccountIndex] resolves many
// references in constant time each.
//
// # Publishing limits
//
// [Channel.Limits] returns what a scheduler must know about a network. For
// the text: the longest post text, counted the way that network counts it
// (code points, UTF-16 units, grapheme clusters, bytes, or X's weighted
// count), and how many hashtags, mentions and links it may carry. For the
// whole post ([Post]): its title (its length, whether the network has
// titles and whether it requires one), its first comment (whether the
// network's publishing API can post one, as a comment or as a reply
// counted like a post, and how long), and its attachments ([Media]): the
// kinds the network takes (only LinkedIn takes documents), how many in all
// and of each kind (a carousel is a post with several image or video
// attachments), whether kinds may be mixed, whether a post needs one, how
// long a video may be, and how long alt text may be and on which kinds.
// Also how many posts an account can publish through the network's API per
// day.
//
// Every figure names its source in [Limits.Source], which also says which
// figures a network does not document: those are zero, and not checked.
// Networks change their limits; the figures are those documented at the
// date in [LimitsAsOf], and a caller with newer figures can pass its own
// [Limits] wherever tandem takes them ([Limits.Validate] checks them).
//
// [Limits.TextLength] counts a text as the network does, [Limits.CheckText]
// reports a text that breaks the text limits, and [Limits.CheckPost]
// reports everything a whole post breaks, each problem at its own path
// (text, title, firstComment, media, media[i].kind, media[i].duration,
// media[i].altText), as validation errors. CheckPost allocates nothing for
// a post that fits: calendar checks every entry of a plan with it.
//
// # Limits
//
// A handle has at most [MaxHandleLength] (300) characters. Durations of
// videos are compared with the networks' figures in whole seconds; a
// figure too large for a [time.Duration] (over about 292 years) limits
// nothing.
package channel
