// Package channel is tandem's vocabulary of social networks and the
// publishing limits a planner must respect on each.
//
// A [Channel] is a string enum (instagram, facebook, x, linkedin, tiktok,
// youtube, pinterest, threads, bluesky, mastodon, reddit) whose text and JSON
// decoding is strict: an unknown network is an error listing the known ones.
//
// # Limits
//
// [Channel.Limits] returns what a scheduler must know about a network: the
// longest post text, counted the way that network counts it (code points,
// UTF-16 units, grapheme clusters, bytes, or X's weighted count), how many
// hashtags, mentions and attachments a post may carry, and how many posts an
// account can publish through the network's API per day. Every figure names
// its source in [Limits.Source]. Networks change their limits; the figures
// are those documented at the date in [LimitsAsOf], and a caller with newer
// figures can pass its own [Limits] wherever tandem takes them.
//
// [Limits.TextLength] counts a text as the network does, and
// [Limits.CheckText] reports a text that is too long as a validation error.
package channel
