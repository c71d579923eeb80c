package payment

import (
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

// A request whose condition is not met is refused naming the condition,
// and leaves the tranche and the ledger as they were.
func TestRequestRefusals(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		org, other := w.org(), w.org()
		applicant := w.user("applicant", org)
		a := grantee(applicant, org)
		cases := []struct {
			name  string
			setup func(g int64, tr []int64)
			in    func(tr []int64) NewRequest
			code  apperr.Code
			field string
			key   string
		}{
			{"draft grant", func(g int64, _ []int64) { w.exec(`UPDATE grants SET status = 'draft' WHERE id = ?`, g) },
				nil, apperr.Conflict, "grant", "payments.error.not_signed"},
			{"suspended grant", func(g int64, _ []int64) { w.exec(`UPDATE grants SET status = 'suspended' WHERE id = ?`, g) },
				nil, apperr.Conflict, "grant", "payments.error.not_signed"},
			{"report not approved", func(_ int64, tr []int64) {
				w.exec(`UPDATE grant_tranches SET status = 'planned', requires = 'report' WHERE id = ?`, tr[0])
			}, nil, apperr.Conflict, "tranche_id", "payments.error.requires.report"},
			{"spending rule", func(_ int64, tr []int64) {
				w.exec(`UPDATE grant_tranches SET status = 'planned', requires = 'spent' WHERE id = ?`, tr[0])
			}, nil, apperr.Conflict, "tranche_id", "payments.error.requires.spent"},
			{"already requested", func(_ int64, tr []int64) {
				w.exec(`UPDATE grant_tranches SET status = 'requested' WHERE id = ?`, tr[0])
			},
				nil, apperr.Conflict, "tranche_id", "payments.error.tranche_requested"},
			{"already paid", func(_ int64, tr []int64) { w.exec(`UPDATE grant_tranches SET status = 'paid' WHERE id = ?`, tr[0]) },
				nil, apperr.Conflict, "tranche_id", "payments.error.tranche_paid"},
			{"above the tranche", nil, func(tr []int64) NewRequest { return NewRequest{TrancheID: &tr[0], AmountMinor: 4001, Currency: "EUR"} },
				apperr.Conflict, "amount_minor", "payments.error.above_tranche"},
			{"above what is left", func(g int64, _ []int64) { w.exec(`UPDATE grants SET paid_minor = 7000 WHERE id = ?`, g) },
				func(tr []int64) NewRequest { return NewRequest{TrancheID: &tr[0], AmountMinor: 3001, Currency: "EUR"} },
				apperr.Conflict, "amount_minor", "payments.error.above_left"},
			{"negative", nil, func(tr []int64) NewRequest { return NewRequest{TrancheID: &tr[0], AmountMinor: -1, Currency: "EUR"} },
				apperr.Invalid, "amount_minor", "payments.error.amount"},
			{"other currency", nil, func(tr []int64) NewRequest { return NewRequest{TrancheID: &tr[0], AmountMinor: 100, Currency: "ALL"} },
				apperr.Invalid, "currency", "payments.error.currency"},
			{"tranche of another grant", nil, func([]int64) NewRequest {
				_, tr2 := w.grant(org, 100, 100)
				return NewRequest{TrancheID: &tr2[0], AmountMinor: 100, Currency: "EUR"}
			}, apperr.Invalid, "tranche_id", "payments.error.tranche"},
		}
		for _, c := range cases {
			g, tr := w.grant(org, 10000, 4000, 6000)
			if c.setup != nil {
				c.setup(g, tr)
			}
			in := NewRequest{TrancheID: &tr[0], AmountMinor: 4000, Currency: "EUR"}
			if c.in != nil {
				in = c.in(tr)
			}
			in.IdempotencyKey = "key-" + c.name
			before := w.count(`SELECT COUNT(*) FROM grant_tranches WHERE grant_id = ? AND status = 'requested'`, g)
			_, _, err := w.st.Request(ctx, a, g, in)
			e := apperr.As(err)
			if err == nil || e.Code != c.code || e.Fields[c.field] != c.key {
				t.Errorf("%s: %v (fields %v), want %s %s=%s", c.name, err, e.Fields, c.code, c.field, c.key)
			}
			if n := w.count(`SELECT COUNT(*) FROM payment_requests WHERE grant_id = ?`, g); n != 0 {
				t.Errorf("%s: %d requests stored", c.name, n)
			}
			if after := w.count(`SELECT COUNT(*) FROM grant_tranches WHERE grant_id = ? AND status = 'requested'`, g); after != before {
				t.Errorf("%s: tranche status changed", c.name)
			}
		}

		// Another organisation's grant is not found; staff and donors never request.
		g, tr := w.grant(other, 1000, 1000)
		in := NewRequest{TrancheID: &tr[0], AmountMinor: 1000, Currency: "EUR", IdempotencyKey: "x"}
		if _, _, err := w.st.Request(ctx, a, g, in); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("another organisation's grant: %v, want not found", err)
		}
		if _, _, err := w.st.Request(ctx, staff(w.user("admin")), g, in); apperr.CodeOf(err) != apperr.Forbidden {
			t.Errorf("staff request: %v, want forbidden", err)
		}
		if _, _, err := w.st.Request(ctx, Actor{Scope: access.Donor(other)}, g, in); apperr.CodeOf(err) == "" || err == nil {
			t.Errorf("donor request: %v, want refused", err)
		}
		in.IdempotencyKey = ""
		if _, _, err := w.st.Request(ctx, grantee(w.user("applicant", other), other), g, in); apperr.As(err).Fields["idempotency_key"] == "" {
			t.Errorf("no key: %v, want a field error", err)
		}
	})
}

// The first due tranche is taken when none is named; the same key twice
// returns the first request; a key reused for another amount is refused.
func TestRequestIdempotentAndDefaultTranche(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		org := w.org()
		a := grantee(w.user("applicant", org), org)
		g, tr := w.grant(org, 10000, 4000, 6000)
		w.exec(`UPDATE grant_tranches SET status = 'planned', requires = 'report' WHERE id = ?`, tr[1])
		r, created, err := w.st.Request(ctx, a, g, NewRequest{AmountMinor: 4000, Currency: "EUR", IdempotencyKey: "k1"})
		if err != nil || !created || r.TrancheID == nil || *r.TrancheID != tr[0] || r.Status != Requested {
			t.Fatalf("first request: %+v created %v, %v", r, created, err)
		}
		again, created, err := w.st.Request(ctx, a, g, NewRequest{AmountMinor: 4000, Currency: "EUR", IdempotencyKey: "k1"})
		if err != nil || created || again.ID != r.ID {
			t.Errorf("retry: %d created %v, %v; want request %d again", again.ID, created, err, r.ID)
		}
		if _, _, err := w.st.Request(ctx, a, g, NewRequest{AmountMinor: 3000, Currency: "EUR", IdempotencyKey: "k1"}); apperr.As(err).Fields["idempotency_key"] != "payments.error.idempotency_reused" {
			t.Errorf("key reused for another amount: %v", err)
		}
		_, _, err = w.st.Request(ctx, a, g, NewRequest{AmountMinor: 4000, Currency: "EUR", IdempotencyKey: "k2"})
		if apperr.As(err).Fields["tranche_id"] != "payments.error.requires.report" {
			t.Errorf("next tranche before its report: %v, want the report condition", err)
		}
		// A refusal frees the tranche for a new request.
		if _, err := w.st.RequestChanges(ctx, staff(w.user("finance_officer")), r.ID, "  "); apperr.As(err).Fields["reason"] == "" {
			t.Errorf("blank reason: %v, want a field error", err)
		}
		if _, err := w.st.RequestChanges(ctx, staff(w.user("finance_officer")), r.ID, "attach the bank letter"); err != nil {
			t.Fatal(err)
		}
		r2, created, err := w.st.Request(ctx, a, g, NewRequest{AmountMinor: 4000, Currency: "EUR", IdempotencyKey: "k3"})
		if err != nil || !created || *r2.TrancheID != tr[0] {
			t.Errorf("request after changes: %v created %v", err, created)
		}
	})
}
