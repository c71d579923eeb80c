package findoc

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/grant"
	"github.com/subgrant/portal/internal/payment"
	"github.com/subgrant/portal/internal/programme"
)

// Stores are what the loaders read: the programme, grant and payment
// stores, and the database for the places and target groups of the
// agreements' applications.
type Stores struct {
	DB         *db.DB
	Programmes *programme.Store
	Grants     *grant.Store
	Payments   *payment.Store
}

// Committed is what an agreement commits, by the rule of the finance
// dashboard (payment.ProgrammeTotals): nothing while a draft, what was paid
// once terminated, its amount otherwise.
func Committed(g grant.Agreement) int64 {
	switch g.Status {
	case grant.Draft:
		return 0
	case grant.Terminated:
		return g.PaidMinor
	}
	return g.AmountMinor
}

// LoadSummary reads the financial summary of programme id as scope sc
// sees it: NotFound when the programme is outside sc; the agreements are
// those sc reaches (internal/access), drafts left out.
func LoadSummary(ctx context.Context, st Stores, sc access.Scope, id int64, now time.Time) (Summary, error) {
	prog, err := st.Programmes.ByID(ctx, id, sc)
	if err != nil {
		return Summary{}, err
	}
	s := Summary{Generated: now, Programme: Programme{ID: prog.ID, Title: prog.Title, Donor: prog.DonorName,
		Currency: prog.Currency, BudgetMinor: prog.SubgrantBudgetMinor, StartsOn: prog.StartsOn, EndsOn: prog.EndsOn}}
	all, err := st.Grants.List(ctx, grant.Filter{ProgrammeID: id}, sc)
	if err != nil {
		return Summary{}, fmt.Errorf("findoc: grants: %w", err)
	}
	grants := map[int64]grant.Agreement{}
	for _, g := range all {
		if g.Status == grant.Draft {
			continue
		}
		grants[g.ID] = g
		c := Committed(g)
		s.Grants = append(s.Grants, GrantRow{ContractNumber: g.ContractNumber, Organisation: g.OrgName, Status: string(g.Status),
			AmountMinor: g.AmountMinor, CommittedMinor: c, PaidMinor: g.PaidMinor})
		s.Totals.add(c, g.PaidMinor)
	}
	cond, args := sc.Grants("g")
	for _, q := range []struct {
		table, col string
		out        *[]Split
	}{
		{"application_municipalities", "municipality", &s.ByMunicipality},
		{"application_target_groups", "target_group", &s.ByTargetGroup},
	} {
		var rows []codeRow
		if err := db.Select(ctx, st.DB, &rows, `SELECT g.id AS grant_id, x.`+q.col+` AS code FROM grants g
			JOIN `+q.table+` x ON x.application_id = g.application_id
			WHERE g.programme_id = ? AND `+cond+` ORDER BY g.id, x.`+q.col, append([]any{id}, args...)...); err != nil {
			return Summary{}, fmt.Errorf("findoc: %s: %w", q.table, err)
		}
		*q.out = split(grants, rows)
	}
	return s, nil
}

// codeRow is one place or target group an agreement's application names.
type codeRow struct {
	GrantID int64  `db:"grant_id"`
	Code    string `db:"code"`
}

func (t *Totals) add(committed, paid int64) {
	t.CommittedMinor += committed
	t.PaidMinor += paid
	t.Grants++
}

// split shares each agreement's commitment and payments equally among the
// codes its application names (the remainder of the division to the first
// codes, so the shares add up to the cent); an agreement naming none falls
// under "". Largest commitment first, then by code.
func split(grants map[int64]grant.Agreement, rows []codeRow) []Split {
	codes := map[int64][]string{}
	for _, r := range rows {
		if _, ok := grants[r.GrantID]; ok {
			codes[r.GrantID] = append(codes[r.GrantID], r.Code)
		}
	}
	by := map[string]*Split{}
	for id, g := range grants {
		cs := codes[id]
		if len(cs) == 0 {
			cs = []string{""}
		}
		c, p, n := Committed(g), g.PaidMinor, int64(len(cs))
		for i, code := range cs {
			x := by[code]
			if x == nil {
				x = &Split{Code: code}
				by[code] = x
			}
			x.add(share(c, n, int64(i)), share(p, n, int64(i)))
		}
	}
	out := make([]Split, 0, len(by))
	for _, x := range by {
		out = append(out, *x)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].CommittedMinor != out[j].CommittedMinor {
			return out[i].CommittedMinor > out[j].CommittedMinor
		}
		return out[i].Code < out[j].Code
	})
	return out
}

// share is part i of v divided into n parts that add up to v.
func share(v, n, i int64) int64 {
	s := v / n
	if i < v%n {
		s++
	}
	return s
}

// LoadStatement reads the statement of grant id as scope sc sees it:
// NotFound when the grant is outside sc (another organisation's grant for
// a grantee).
func LoadStatement(ctx context.Context, st Stores, sc access.Scope, id int64, now time.Time) (Statement, error) {
	g, err := st.Grants.Get(ctx, id, sc)
	if err != nil {
		return Statement{}, err
	}
	s := Statement{Generated: now, Grant: GrantFacts{ID: g.ID, ContractNumber: g.ContractNumber, Organisation: g.OrgName,
		Programme: g.ProgrammeTitle, Call: g.CallReference, Currency: g.Currency, AmountMinor: g.AmountMinor,
		PaidMinor: g.PaidMinor, StartsOn: g.StartsOn, EndsOn: g.EndsOn, Status: string(g.Status)}}
	ts, err := st.Grants.Tranches(ctx, id, sc)
	if err != nil {
		return Statement{}, fmt.Errorf("findoc: tranches: %w", err)
	}
	for _, t := range ts {
		s.Tranches = append(s.Tranches, Tranche{Position: t.Position, Kind: string(t.Kind), DueOn: t.DueOn,
			Status: string(t.Status), AmountMinor: t.AmountMinor})
	}
	ps, err := st.Payments.Payments(ctx, sc, id)
	if err != nil {
		return Statement{}, fmt.Errorf("findoc: payments: %w", err)
	}
	for i := len(ps) - 1; i >= 0; i-- { // the ledger lists newest first
		p := ps[i]
		s.Payments = append(s.Payments, Payment{PaidOn: p.PaidOn, BankReference: p.BankReference, Currency: p.Currency,
			AmountMinor: p.AmountMinor})
	}
	return s, nil
}
