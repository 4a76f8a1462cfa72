package calendar_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/tandemsocial/tandem/calendar"
)

// A post needs a strategist's approval, then legal's. The author may not
// approve it, each approval is one event of the trail, and the entry moves
// to approved only once its approval is.
func ExampleApproval_Approve() {
	madrid, _ := time.LoadLocation("Europe/Madrid")
	var (
		ana   = uuid.MustParse("00000000-0000-0000-0000-000000000001") // community manager, the author
		lucia = uuid.MustParse("00000000-0000-0000-0000-000000000002") // strategist
		legal = uuid.MustParse("00000000-0000-0000-0000-000000000003")
	)
	names := map[uuid.UUID]string{ana: "Ana", lucia: "Lucía", legal: "Legal", uuid.Nil: "-"}
	policy := calendar.ApprovalPolicy{Steps: []calendar.ApprovalStep{
		{Name: "brand", Roles: []string{"strategist", "community_manager"}, Require: calendar.RequireAny, Expires: calendar.Duration(48 * time.Hour)},
		{Name: "legal", Members: []uuid.UUID{legal}, Require: calendar.RequireAll},
	}}
	at := calendar.Date(2026, 3, 27, 17, 0, 0, 0, madrid)
	a, _ := calendar.RequestApproval(policy, ana, at)
	entry := calendar.Entry{Status: calendar.StatusInReview, Approval: &a}

	_, err := a.Approve(ana, []string{"community_manager"}, at.Add(time.Hour))
	fmt.Println(errors.Is(err, calendar.ErrSelfApproval))
	deadline, _ := a.Deadline()
	fmt.Println("brand step until", deadline.In(madrid).Format("Mon 2006-01-02 15:04 MST"))

	a, _ = a.Approve(lucia, []string{"strategist"}, at.Add(20*time.Hour))
	fmt.Println(a.Status(), "at step", a.Step())
	err = entry.Transition(calendar.StatusApproved)
	fmt.Println(errors.Is(err, calendar.ErrApprovalRequired))

	a, _ = a.Approve(legal, nil, at.Add(40*time.Hour))
	entry.Approval = &a
	fmt.Println(a.Status(), entry.Transition(calendar.StatusApproved), entry.Status)
	for _, ev := range a.Trail {
		fmt.Println(ev.At.In(madrid).Format("Mon 15:04"), ev.Step, ev.Action, names[ev.Actor])
	}
	// Output:
	// true
	// brand step until Sun 2026-03-29 18:00 CEST
	// pending at step 1
	// true
	// approved <nil> approved
	// Fri 17:00 0 request Ana
	// Sat 13:00 0 approve Lucía
	// Sun 10:00 1 approve Legal
}
