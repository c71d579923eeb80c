package review_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/review"
)

// The brief shows reference, title, applicant and partner names only to
// the assigned evaluator; a declaration of no conflict opens the
// application; a conflict recuses and a replacement is assigned.
func TestDeclare(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newCmtFix(t, d)
		v1, v2, v3 := f.voter(t, "sq"), f.voter(t, "sq"), f.voter(t, "sq")
		app := f.app(t, f.org(t, "Shoqata Gruaja"), "eligible", "sq")
		f.partner(t, app, f.org(t, "Partner Org"), "")
		a1, err := f.st.AddAssignment(ctx, app, v1, f.officer)
		if err != nil {
			t.Fatal(err)
		}
		a2, err := f.st.AddAssignment(ctx, app, v2, f.officer)
		if err != nil {
			t.Fatal(err)
		}
		b, err := f.st.DeclarationBrief(ctx, a1.ID, v1)
		if err != nil || b.Applicant != "Shoqata Gruaja" || !slices.Equal(b.Partners, []string{"Partner Org"}) || b.Title == "" {
			t.Fatalf("brief %+v %v", b, err)
		}
		if _, err := f.st.DeclarationBrief(ctx, a1.ID, v2); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another evaluator's brief: %v", err)
		}
		stmt := "Deklaroj se jam i paanshëm."
		dec, replaced, err := f.st.Declare(ctx, a1.ID, v1, review.DeclarationInput{Lang: "sq", Statement: stmt})
		if err != nil || replaced || dec.Conflict || dec.Statement != stmt || dec.Lang != "sq" || dec.DeclaredAt.IsZero() {
			t.Fatalf("declare: %+v %v %v", dec, replaced, err)
		}
		if _, _, err := f.st.Declare(ctx, a1.ID, v1, review.DeclarationInput{Lang: "sq", Statement: stmt}); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("declare twice: %v", err)
		}
		if ids, _ := f.st.AssignedApplicationIDs(ctx, v1); !slices.Equal(ids, []int64{app}) {
			t.Errorf("scope after declaring: %v", ids)
		}
		dec, replaced, err = f.st.Declare(ctx, a2.ID, v2, review.DeclarationInput{Conflict: true, Lang: "en", Statement: "I declare.", Comment: "My sister"})
		if err != nil || !replaced || !dec.Conflict || dec.Comment != "My sister" {
			t.Fatalf("conflict: %+v %v %v", dec, replaced, err)
		}
		if got := f.active(t)[app]; !slices.Equal(got, []int64{v1, v3}) {
			t.Errorf("active after recusal %v, want [%d %d]", got, v1, v3)
		}
		var reason string
		if err := db.Get(ctx, d, &reason, `SELECT status || ':' || ended_reason FROM review_assignments WHERE id = ?`, a2.ID); err != nil || reason != "recused:conflict" {
			t.Errorf("recused assignment %q %v", reason, err)
		}
		if ids, _ := f.st.AssignedApplicationIDs(ctx, v2); len(ids) != 0 {
			t.Errorf("a recused evaluator still reaches %v", ids)
		}
		if _, err := f.st.AddAssignment(ctx, app, v2, f.officer); apperr.As(err).Fields["user_id"] != "committee.error.declared_conflict" {
			t.Errorf("re-adding a conflicted evaluator: %v", err)
		}
	})
}

// Reminders: one e-mail per evaluator with pending work due within three
// days, none for work due later or already reminded today.
func TestSendReminders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newCmtFix(t, d)
		now := time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)
		f.st.Now = func() time.Time { return now }
		v1, v2 := f.voter(t, "sq"), f.voter(t, "sq")
		soon, later := now.Add(48*time.Hour), now.Add(10*24*time.Hour)
		for i, due := range []time.Time{soon, soon.Add(-96 * time.Hour), later} {
			app := f.app(t, f.org(t, "O"), "eligible", "sq")
			v := v1
			if i == 2 {
				v = v2
			}
			f.exec(t, `INSERT INTO review_assignments (application_id, user_id, status, assigned_at, due_at) VALUES (?, ?, 'active', ?, ?)`,
				app, v, now, due)
		}
		var seen []review.Reminder
		compose := func(r review.Reminder) notify.Message {
			seen = append(seen, r)
			return notify.Message{Subject: "Reminder", Body: "You have work."}
		}
		n, err := f.st.SendReminders(ctx, f.callID, compose)
		if err != nil || n != 1 || len(seen) != 1 || seen[0].UserID != v1 || seen[0].Pending != 2 || !seen[0].NextDue.Equal(soon.Add(-96*time.Hour)) {
			t.Fatalf("reminders %d %v %+v", n, err, seen)
		}
		if n, err := f.st.SendReminders(ctx, f.callID, compose); n != 0 || err != nil {
			t.Errorf("same day again: %d %v", n, err)
		}
		now = now.Add(25 * time.Hour)
		if n, err := f.st.SendReminders(ctx, f.callID, compose); n != 1 || err != nil {
			t.Errorf("next day: %d %v", n, err)
		}
		var email string
		if err := db.Get(ctx, d, &email, `SELECT email FROM users WHERE id = ?`, v1); err != nil {
			t.Fatal(err)
		}
		rows, err := notify.All(ctx, d)
		if err != nil || len(rows) != 2 || rows[0].To != email {
			t.Errorf("outbox %+v %v", rows, err)
		}
		notes, err := notify.List(ctx, d, v1, 10, 0)
		if err != nil || len(notes) != 2 || notes[0].Event != notify.EventReviewReminder || notes[0].Link != "/reviews" || notes[0].Subject != "Reminder" {
			t.Errorf("reminder notices %+v %v", notes, err)
		}
	})
}
