package calendar_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
)

// FuzzApproval drives an approval with a sequence of actions read from
// bytes (three bytes each: action, actor and roles, minutes later) under a
// policy read from the first bytes. Whatever the sequence: nothing panics,
// an accepted action adds exactly one event and a refused one changes
// nothing, the approval always validates and round-trips through JSON, and
// its status agrees with its trail.
func FuzzApproval(f *testing.F) {
	f.Add([]byte{0, 1, 0, 1, 10, 0, 2, 20})
	f.Add([]byte{3, 2, 1, 3, 2, 5, 1, 3, 200, 2, 0, 255})
	f.Add([]byte{1, 0, 4, 1, 1, 0, 3, 0, 60, 1, 2, 0})
	actors := []uuid.UUID{author, lucia, marco, nadia, uuid.Nil}
	roleSets := [][]string{nil, {"strategist"}, {"community_manager"}, {"strategist", "community_manager"}}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 2 || len(data) > 600 {
			return
		}
		// The policy: one or two steps, any or all, with or without an
		// hour's expiry.
		mk := func(b byte) calendar.ApprovalStep {
			s := calendar.ApprovalStep{Require: calendar.RequireAny}
			if b&1 != 0 {
				s.Require = calendar.RequireAll
			}
			if b&2 != 0 {
				s.Expires = calendar.Duration(time.Hour)
			}
			if b&4 != 0 {
				s.Members = []uuid.UUID{lucia, author}
			}
			if b&8 != 0 || b&4 == 0 {
				s.Roles = []string{"strategist"}
			}
			return s
		}
		p := calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{mk(data[0])}}
		if data[1]&1 != 0 {
			p.Steps = append(p.Steps, mk(data[1]>>1))
		}
		a, err := calendar.RequestApproval(p, author, requested)
		if err != nil {
			t.Fatal(err)
		}
		at := requested
		for rest := data[2:]; len(rest) >= 3; rest = rest[3:] {
			actor := actors[int(rest[1]&7)%len(actors)]
			roles := roleSets[int(rest[1]>>3)%len(roleSets)]
			at = at.Add(time.Duration(rest[2]) * time.Minute)
			if rest[2] == 255 {
				at = at.Add(-time.Hour) // now and then, a time before the last event
			}
			before := a
			var next calendar.Approval
			switch rest[0] % 4 {
			case 0:
				next, err = a.Approve(actor, roles, at)
			case 1:
				next, err = a.Reject(actor, roles, at, "no")
			case 2:
				next, err = a.Expire(at)
			default:
				next, err = a.Apply(calendar.ApprovalEvent{Actor: actor, Roles: roles, Action: calendar.ActionApprove, At: at, Step: int(rest[0] >> 2 % 3)})
			}
			if err != nil {
				if len(next.Trail) != len(before.Trail) || next.Status() != before.Status() {
					t.Fatalf("a refused action changed the approval: %v", err)
				}
				continue
			}
			if len(next.Trail) != len(a.Trail)+1 {
				t.Fatalf("trail grew from %d to %d", len(a.Trail), len(next.Trail))
			}
			if before.Status() != calendar.ApprovalPending {
				t.Fatalf("a %s approval accepted an action", before.Status())
			}
			a = next
		}
		if err := a.Validate(); err != nil {
			t.Fatalf("an approval built by its methods does not validate: %v", err)
		}
		last := a.Trail[len(a.Trail)-1]
		switch st := a.Status(); st {
		case calendar.ApprovalApproved:
			if a.Step() != len(p.Steps) || last.Action != calendar.ActionApprove {
				t.Fatalf("approved at step %d of %d, last %s", a.Step(), len(p.Steps), last.Action)
			}
		case calendar.ApprovalRejected, calendar.ApprovalExpired:
			want := map[calendar.ApprovalStatus]calendar.ApprovalAction{calendar.ApprovalRejected: calendar.ActionReject, calendar.ApprovalExpired: calendar.ActionExpire}[st]
			if last.Action != want || a.Step() >= len(p.Steps) {
				t.Fatalf("%s with last action %s at step %d", st, last.Action, a.Step())
			}
		case calendar.ApprovalPending:
			if a.Step() >= len(p.Steps) {
				t.Fatalf("pending at step %d of %d", a.Step(), len(p.Steps))
			}
		default:
			t.Fatalf("status %q", st)
		}
		for _, ev := range a.Trail[1:] {
			if ev.Actor == author {
				t.Fatal("the author approved or rejected their own work")
			}
		}
		out, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		var back calendar.Approval
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatal(err)
		}
		if back.Status() != a.Status() || len(back.Trail) != len(a.Trail) || back.Step() != a.Step() {
			t.Fatalf("JSON round trip changed the approval: %s", out)
		}
	})
}

// FuzzApprovalJSON decodes arbitrary approvals: decoding, Validate and
// every method that reads the state never panic, an approval that does
// not validate is never approved, and one that validates re-encodes.
func FuzzApprovalJSON(f *testing.F) {
	p := calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{{Members: []uuid.UUID{lucia}, Require: calendar.RequireAll, Expires: calendar.Duration(time.Hour)}}}
	a, _ := calendar.RequestApproval(p, author, requested)
	b, _ := a.Approve(lucia, nil, requested.Add(time.Minute))
	for _, v := range []calendar.Approval{a, b} {
		data, _ := json.Marshal(v)
		f.Add(data)
	}
	f.Add([]byte(`{"policy":{"steps":[{"require":"any","roles":["x"]}]},"author":"00000000-0000-0000-0000-00000000000a","trail":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var a calendar.Approval
		if json.Unmarshal(data, &a) != nil {
			return
		}
		at := requested.Add(90 * time.Minute)
		st, step := a.Status(), a.Step()
		_ = a.StatusAt(at)
		_, _ = a.Deadline()
		_, _ = a.Approve(lucia, []string{"x"}, at)
		_, _ = a.Reject(marco, []string{"x"}, at, "")
		_, _ = a.Expire(at)
		if err := a.Validate(); err != nil {
			if st != calendar.ApprovalPending || step != 0 {
				t.Fatalf("an approval that does not validate is %s at step %d", st, step)
			}
			return
		}
		if _, err := json.Marshal(a); err != nil {
			t.Fatalf("a valid approval does not encode: %v", err)
		}
	})
}
