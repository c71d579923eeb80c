package grant

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

func TestIBAN(t *testing.T) {
	for _, c := range []struct {
		in  string
		ok  bool
		key string
	}{
		{"XK051212012345678906", true, ""},
		{"xk05 1212 0123 4567 8906", true, ""},
		{"AL47212110090000000235698741", true, ""},
		{"AL47 2121 1009 0000 0002 3569 8741", true, ""},
		{"XK061212012345678906", false, "org.error.iban_checksum"},         // wrong check digits
		{"AL47212110090000000235698742", false, "org.error.iban_checksum"}, // one digit changed
		{"X1051212012345678906", false, "org.error.iban_format"},           // a digit where the country's letter goes
		{"XKA51212012345678906", false, "org.error.iban_format"},           // a letter in the check digits
		{"XK05121201234567890", false, "org.error.iban_length"},            // one short for Kosovo
		{"XK0512120123456789AB", false, "org.error.iban_format"},           // letters in a Kosovo account
		{"XK05-1212-0123-4567", false, ""},
		{"", false, ""},
	} {
		got, err := NormalizeIBAN("iban", c.in)
		if (err == nil) != c.ok {
			t.Errorf("%q: ok %v, want %v", c.in, err == nil, c.ok)
		}
		if err != nil {
			if ae := apperr.As(err); ae == nil || c.key != "" && ae.Fields["iban"] != c.key || !strings.HasPrefix(ae.Fields["iban"], "org.error.iban") {
				t.Errorf("%q: error %v, want the field error %s", c.in, err, c.key)
			}
		} else if len(got) == 0 || got[2:4] != c.in[2:4] {
			t.Errorf("%q normalised to %q", c.in, got)
		}
	}
	if FormatIBAN("XK051212012345678906") != "XK05 1212 0123 4567 8906" {
		t.Error(FormatIBAN("XK051212012345678906"))
	}
}

func sum(ts []Tranche) int64 {
	var s int64
	for _, t := range ts {
		s += t.AmountMinor
	}
	return s
}

func TestSchedule(t *testing.T) {
	ps := profiles(t)
	eu := ps["eu"]
	// option 1: 12 months, EUR 45,000.01
	ts, err := Schedule(eu, RuleFor(eu, 4500001, 12), 4500001, "2026-04-01", "2027-03-31")
	if err != nil {
		t.Fatal(err)
	}
	if RuleFor(eu, 4500001, 12) != PrefinancingBalance || len(ts) != 2 || sum(ts) != 4500001 {
		t.Fatalf("option 1: %+v", ts)
	}
	if ts[0].AmountMinor != 3600000 || ts[0].Requires != NeedsSignature || ts[0].Kind != Prefinancing ||
		ts[1].Requires != NeedsFinalReport || ts[1].Kind != Balance || ts[1].DueOn != "2027-06-30" {
		t.Errorf("option 1 tranches: %+v", ts)
	}
	// above EUR 100,000 or longer than 12 months: option 2
	if RuleFor(eu, 10000001, 12) != Yearly || RuleFor(eu, 100, 13) != Yearly || RuleFor(eu, 10000000, 12) != PrefinancingBalance {
		t.Error("rule thresholds")
	}
	for _, c := range []struct {
		amount       int64
		starts, ends string
		tranches     int
	}{
		{12345677, "2026-04-01", "2028-03-31", 3}, // 24 months: two years + balance
		{9999999, "2026-01-01", "2028-06-30", 4},  // 30 months: three years (the last 6 months) + balance
		{7, "2026-01-01", "2027-12-31", 3},
	} {
		ts, err := Schedule(eu, Yearly, c.amount, c.starts, c.ends)
		if err != nil {
			t.Fatal(err)
		}
		if len(ts) != c.tranches || sum(ts) != c.amount {
			t.Errorf("%d over %s..%s: %d tranches summing %d: %+v", c.amount, c.starts, c.ends, len(ts), sum(ts), ts)
			continue
		}
		if ts[0].Requires != NeedsSignature || ts[len(ts)-1].Kind != Balance || ts[len(ts)-1].Requires != NeedsFinalReport {
			t.Errorf("conditions: %+v", ts)
		}
		for _, x := range ts[1 : len(ts)-1] {
			if x.Requires != NeedsReport || x.Kind != Interim {
				t.Errorf("yearly tranche %+v", x)
			}
		}
		if ts[1].DueOn[:4] == ts[0].DueOn[:4] {
			t.Errorf("second year due %s", ts[1].DueOn)
		}
	}
	// 30 months: the third year's tranche is half a full year's
	ts, _ = Schedule(eu, Yearly, 3000000, "2026-01-01", "2028-06-30")
	if ts[0].AmountMinor != 960000 || ts[1].AmountMinor != 960000 || ts[2].AmountMinor != 480000 || ts[3].AmountMinor != 600000 {
		t.Errorf("pro rata years: %+v", ts)
	}
	// UNICEF pre-finances everything: no zero balance
	un := ps["unicef"]
	ts, _ = Schedule(un, PrefinancingBalance, 500000, "2026-01-01", "2026-12-31")
	if len(ts) != 1 || ts[0].AmountMinor != 500000 {
		t.Errorf("unicef: %+v", ts)
	}
}

func TestScale(t *testing.T) {
	src := []Line{{Heading: "1", TotalMinor: 1000, DonorMinor: 900}, {Heading: "3", TotalMinor: 3333, DonorMinor: 3000}, {Heading: "5", TotalMinor: 101, DonorMinor: 100}}
	out, err := Scale(src, 3001)
	if err != nil {
		t.Fatal(err)
	}
	var d int64
	for _, l := range out {
		d += l.DonorMinor
		if l.DonorMinor > l.TotalMinor {
			t.Errorf("line %+v", l)
		}
	}
	if d != 3001 || out[1].DonorMinor <= out[0].DonorMinor {
		t.Errorf("scaled %+v", out)
	}
	same, _ := Scale(src, 4000)
	if same[1] != src[1] {
		t.Error("an award as requested keeps the lines")
	}
}

func TestCreateFromAward(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFix(t, d, "eu")
		app := f.award(t, 0, stdLines, "2026-04", 12, 4000000) // requested 47,700, awarded 40,000
		g, err := f.store.Create(ctx, app, f.officer)
		if err != nil {
			t.Fatal(err)
		}
		if g.Status != Draft || g.AmountMinor != 4000000 || g.Currency != "EUR" || g.StartsOn != "2026-04-01" || g.EndsOn != "2027-03-31" ||
			g.ContractNumber != f.reference+"-G-001" || g.DonorShareBP != 9000 || g.Lang != "sq" || g.ScheduleRule != PrefinancingBalance {
			t.Errorf("grant %+v", g.Grant)
		}
		ls, _ := f.store.Lines(ctx, g.ID, everything)
		var donorSum int64
		for _, l := range ls {
			donorSum += l.DonorMinor
		}
		if len(ls) != 4 || donorSum != 4000000 {
			t.Errorf("budget %+v", ls)
		}
		ts, _ := f.store.Tranches(ctx, g.ID, everything)
		if len(ts) != 2 || sum(ts) != 4000000 || ts[0].AmountMinor != 3200000 || ts[0].Status != Planned {
			t.Errorf("tranches %+v", ts)
		}
		if _, err := f.store.Create(ctx, app, f.officer); !errors.Is(err, ErrExists) || apperr.CodeOf(err) != apperr.Conflict {
			t.Errorf("second creation: %v", err)
		}
		// no approved award: not found
		other := f.award(t, 0, stdLines, "2026-04", 12, 0)
		exec(t, d, `UPDATE award_decisions SET decision = 'reserve' WHERE application_id = ?`, other)
		if _, err := f.store.Create(ctx, other, f.officer); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("reserve: %v", err)
		}
		// the whole call: creates the rest, skips the existing
		f.award(t, 0, stdLines, "2026-05", 24, 0)
		created, skipped, err := f.store.CreateForCall(ctx, f.call, f.officer)
		if err != nil || created != 1 || skipped != 1 {
			t.Errorf("for call: %d created, %d skipped, %v", created, skipped, err)
		}
		all, _ := f.store.List(ctx, Filter{CallID: f.call}, everything)
		if len(all) != 2 || all[1].ScheduleRule != Yearly || all[1].ContractNumber != f.reference+"-G-002" {
			t.Errorf("list %+v", all)
		}
		var n int
		_ = db.Get(ctx, d, &n, `SELECT COUNT(*) FROM audit_log WHERE action = 'grant.create' AND object = 'grant'`)
		if n != 2 {
			t.Errorf("%d audit rows of creation", n)
		}
		// scopes: the grantee sees its own, another organisation nothing, the donor its programme
		otherOrg, _ := orgWith(t, d, goodXK, true, "en")
		if _, err := f.store.Get(ctx, g.ID, access.Orgs(otherOrg)); apperr.CodeOf(err) != apperr.NotFound {
			t.Errorf("another org reads the grant: %v", err)
		}
		if l, _ := f.store.List(ctx, Filter{}, access.Orgs(otherOrg)); len(l) != 0 {
			t.Errorf("another org lists %d", len(l))
		}
		if ts, _ := f.store.Tranches(ctx, g.ID, access.Orgs(otherOrg)); len(ts) != 0 {
			t.Error("another org reads the tranches")
		}
		if _, err := f.store.Get(ctx, g.ID, access.Orgs(f.org)); err != nil {
			t.Errorf("grantee: %v", err)
		}
		if c, _ := f.store.Counts(ctx, Filter{}, access.Orgs(f.org)); c[Draft] != 2 {
			t.Errorf("counts %v", c)
		}
	})
}

func TestContractNumbersUnderConcurrency(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFix(t, d, "eu")
		const n = 50
		apps := make([]int64, n)
		for i := range apps {
			apps[i] = f.award(t, 0, stdLines[:1], "2026-04", 12, 0)
		}
		start := make(chan struct{})
		var wg sync.WaitGroup
		errs := make(chan error, n)
		for _, app := range apps {
			wg.Go(func() {
				<-start
				if _, err := f.store.Create(ctx, app, f.officer); !errors.Is(err, ErrExists) {
					errs <- err
				}
			})
		}
		// and 10 duplicates racing for the first award
		for range 10 {
			wg.Go(func() {
				<-start
				if _, err := f.store.Create(ctx, apps[0], f.officer); err != nil && !errors.Is(err, ErrExists) {
					errs <- err
				}
			})
		}
		close(start)
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Errorf("create: %v", err)
			}
		}
		var nums []string
		if err := db.Select(ctx, d, &nums, `SELECT contract_number FROM grants WHERE call_id = ? ORDER BY contract_number`, f.call); err != nil {
			t.Fatal(err)
		}
		if len(nums) != n || nums[0] != f.reference+"-G-001" || nums[n-1] != f.reference+"-G-050" {
			t.Errorf("%d numbers: first %v", len(nums), nums[:min(3, len(nums))])
		}
	})
}
