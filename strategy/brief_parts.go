package strategy

import (
	"slices"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
	"github.com/tandemsocial/tandem/channel"
	"github.com/tandemsocial/tandem/community"
)

// replies keeps the saved replies that apply to the person: those written
// for every network, and those written for a network the person publishes
// on (their routines active past the week's start, their entries from the
// week's start on). A person who publishes nowhere answers on every
// network, and gets every reply.
func (bb *briefBuilder) replies() {
	p, b := bb.plan, bb.b
	var chans []channel.Channel
	addChan := func(c channel.Channel) {
		if !slices.Contains(chans, c) {
			chans = append(chans, c)
		}
	}
	for _, r := range p.Routines {
		if mine, _ := bb.mine(r.Owner); mine && (r.Until.IsZero() || r.Until.After(b.From)) {
			addChan(r.Channel)
		}
	}
	for _, e := range p.Entries {
		if mine, _ := bb.entryIsMine(e); mine && e.Status != calendar.StatusCancelled && !e.At.Before(b.From) {
			addChan(e.Channel)
		}
	}
	var out community.SavedReplies
	for _, r := range p.Community.Replies {
		if len(chans) == 0 || len(r.Channels) == 0 || slices.ContainsFunc(r.Channels, func(c channel.Channel) bool { return slices.Contains(chans, c) }) {
			out = append(out, r)
		}
	}
	b.Replies = out
}

// approvals lists the plan's approval policies that have steps, posts
// first, with the approvers by name.
func (bb *briefBuilder) approvals() {
	p, b := bb.plan, bb.b
	for _, ap := range p.approvalPolicies() {
		if len(ap.policy.Steps) == 0 {
			continue
		}
		ba := BriefApproval{For: ap.name, Steps: make([]BriefApprovalStep, 0, len(ap.policy.Steps))}
		if ap.name == "replies" {
			for _, r := range p.Brand.Voice.NeedsApproval {
				ba.Triggers = append(ba.Triggers, r.Name)
			}
		}
		for _, st := range ap.policy.Steps {
			bs := BriefApprovalStep{Name: st.Name, Require: st.Require, Expires: st.Expires}
			for _, m := range st.Members {
				bs.Members = append(bs.Members, bb.ref(m))
				bs.You = bs.You || m == b.Person.ID
			}
			for _, r := range st.Roles {
				bs.Roles = append(bs.Roles, Role(r))
				bs.You = bs.You || b.Person.Holds(Role(r))
			}
			ba.Steps = append(ba.Steps, bs)
		}
		b.Approvals = append(b.Approvals, ba)
	}
}

// crisis lists the crisis plan's ladder with the people by name.
func (bb *briefBuilder) crisis() {
	p, b := bb.plan, bb.b
	b.CrisisPlan = p.Crisis.Name
	me := b.Person.ID
	for _, l := range p.Crisis.Levels {
		bl := BriefLevel{
			Name: l.Name, Rank: l.Rank, Meaning: l.Meaning, FirstResponse: l.FirstResponse,
			Handler: bb.ref(l.Handler), Approver: bb.ref(l.Approver), BackupApprover: bb.ref(l.BackupApprover),
			Repeat: l.Escalation.Repeat,
			You:    l.Handler == me || l.Approver == me || l.BackupApprover == me,
		}
		var after Duration
		for _, st := range l.Escalation.Steps {
			after += st.After
			be := BriefEscalation{After: after, Notify: make([]Ref, 0, len(st.Notify))}
			for _, id := range st.Notify {
				be.Notify = append(be.Notify, bb.ref(id))
			}
			bl.You = bl.You || slices.Contains(st.Notify, me)
			bl.Escalation = append(bl.Escalation, be)
		}
		if l.Pause != nil {
			bl.Pause = l.Pause.For
		}
		for _, st := range l.Playbook {
			bl.Playbook = append(bl.Playbook, BriefPlaybookStep{Name: st.Name, Action: st.Action, Owner: bb.ref(st.Owner), Within: st.Within})
			bl.You = bl.You || (st.Owner == me && me != uuid.Nil)
		}
		b.Crisis = append(b.Crisis, bl)
	}
}
