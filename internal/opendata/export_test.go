package opendata

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/org"
)

func catalogue(t testing.TB) *i18n.Catalogue {
	t.Helper()
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// render writes both formats of ex.
func render(t *testing.T, ex Export) (iati, giving []byte) {
	t.Helper()
	cat := catalogue(t)
	var a, b bytes.Buffer
	if err := Write(&a, cat, IATI, ex); err != nil {
		t.Fatalf("IATI: %v", err)
	}
	if err := Write(&b, cat, Giving360, ex); err != nil {
		t.Fatalf("360Giving: %v", err)
	}
	return a.Bytes(), b.Bytes()
}

// minor reads a decimal amount with two places back into minor units.
func minor(t *testing.T, s string) int64 {
	t.Helper()
	whole, frac, ok := strings.Cut(s, ".")
	if !ok || len(frac) != 2 {
		t.Fatalf("amount %q is not a decimal with two places", s)
	}
	n, err := strconv.ParseInt(whole+frac, 10, 64)
	if err != nil {
		t.Fatalf("amount %q: %v", s, err)
	}
	return n
}

func load(t *testing.T, d *db.DB, id int64, sc access.Scope) Export {
	t.Helper()
	st := NewStore(d)
	st.Now = func() time.Time { return time.Date(2026, 9, 1, 12, 0, 0, 0, time.UTC) }
	ex, err := st.Load(context.Background(), id, sc)
	if err != nil {
		t.Fatalf("load programme %d: %v", id, err)
	}
	return ex
}

// The fixture programme in both formats: signed agreements only, the
// ledger's payments to the cent, each grant's country and identifiers,
// and both files valid against the official schemas.
func TestExportFixture(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		ex := load(t, d, w.programme, access.Everything())
		if len(ex.Grants) != 3 || ex.Signed() != 2 {
			t.Fatalf("%d grants exported (%d signed), want the 2 signed ones and the draft, not another programme's", len(ex.Grants), ex.Signed())
		}
		iati, giving := render(t, ex)
		if !bytes.Contains(iati, []byte("Services for families &lt;script&gt;&amp;")) || bytes.Contains(giving, []byte("<script>")) {
			t.Errorf("a stored title with markup is not escaped in both files")
		}
		var doc iatiActivities
		if err := xml.Unmarshal(iati, &doc); err != nil {
			t.Fatal(err)
		}
		checkIATIFixture(t, w, ex, doc)
		checkGivingFixture(t, w, giving)
		t.Run("schemas", func(t *testing.T) {
			std := standardsDir(t)
			validateIATI(t, std, iati)
			checkCodes(t, std, iati, true)
			validateGiving(t, std, giving)
		})
	})
}

func checkIATIFixture(t *testing.T, w *world, ex Export, doc iatiActivities) {
	t.Helper()
	if doc.Version != "2.03" || len(doc.Activities) != 4 {
		t.Fatalf("version %q with %d activities, want 2.03 with the programme and 3 grants", doc.Version, len(doc.Activities))
	}
	parent := doc.Activities[0]
	if parent.Hierarchy != 1 || len(parent.RelatedActs) != 3 || parent.RelatedActs[0].Type != "2" {
		t.Errorf("programme activity: hierarchy %d, related %+v; want 1 with two children", parent.Hierarchy, parent.RelatedActs)
	}
	if len(parent.Countries) != 2 || parent.Countries[0].Code != "AL" || parent.Countries[1].Code != "XK" {
		t.Errorf("programme countries %+v, want AL and XK", parent.Countries)
	}
	var pct int64
	for _, c := range parent.Countries {
		pct += minor(t, c.Percentage)
	}
	if pct != 10000 {
		t.Errorf("programme country percentages add up to %d hundredths, want 100.00", pct)
	}
	var budget int64
	for _, b := range parent.Budgets {
		budget += minor(t, b.Value.Amount)
	}
	if len(parent.Budgets) != 3 || budget != ex.Programme.SubgrantBudgetMinor {
		t.Errorf("programme budgets %+v add up to %d, want 3 years adding up to %d", parent.Budgets, budget, ex.Programme.SubgrantBudgetMinor)
	}
	want := map[string]struct {
		country, receiver, status string
		paid, committed           int64
		planned                   int
	}{
		ex.GrantActivityID(ex.Grants[0]): {"XK", "", "2", w.paidKS, 1_000_000, 1},
		ex.GrantActivityID(ex.Grants[1]): {"AL", "AL-QKB-L91234567A", "2", w.paidAL, 3_333_333, 1},
		// the draft: in the pipeline, no commitment yet
		ex.GrantActivityID(ex.Grants[2]): {"XK", "", "1", 0, 0, 0},
	}
	for _, a := range doc.Activities[1:] {
		wa, ok := want[a.Identifier]
		if !ok {
			t.Errorf("unexpected activity %s", a.Identifier)
			continue
		}
		if a.Hierarchy != 2 || len(a.RelatedActs) != 1 || a.RelatedActs[0].Ref != parent.Identifier || a.RelatedActs[0].Type != "1" {
			t.Errorf("%s: hierarchy %d, related %+v; want 2 under %s", a.Identifier, a.Hierarchy, a.RelatedActs, parent.Identifier)
		}
		if len(a.Countries) != 1 || a.Countries[0].Code != wa.country || a.Countries[0].Percentage != "" {
			t.Errorf("%s: countries %+v, want %s alone", a.Identifier, a.Countries, wa.country)
		}
		var paid, committed int64
		for _, tx := range a.Transactions {
			switch tx.Type.Code {
			case "2":
				committed += minor(t, tx.Value.Amount)
			case "3":
				paid += minor(t, tx.Value.Amount)
			}
			if tx.Receiver.Ref != wa.receiver || tx.Receiver.ReceiverActivityID != a.Identifier {
				t.Errorf("%s: receiver %+v, want ref %q and the activity", a.Identifier, tx.Receiver, wa.receiver)
			}
		}
		if a.Status.Code != wa.status {
			t.Errorf("%s: status %s, want %s", a.Identifier, a.Status.Code, wa.status)
		}
		if paid != wa.paid || committed != wa.committed || len(a.Planned) != wa.planned {
			t.Errorf("%s: paid %d, committed %d, %d planned; want %d, %d, %d", a.Identifier, paid, committed, len(a.Planned),
				wa.paid, wa.committed, wa.planned)
		}
		implementing := false
		for _, p := range a.Participants {
			if p.Role == "4" {
				implementing = p.Ref == wa.receiver
			}
		}
		if !implementing {
			t.Errorf("%s: no implementing organisation with ref %q: %+v", a.Identifier, wa.receiver, a.Participants)
		}
		langs := map[string]bool{}
		for _, n := range a.Title.Narratives {
			langs[n.Lang] = n.Text != ""
		}
		if !langs["sq"] || !langs["en"] {
			t.Errorf("%s: title narratives %+v, want sq and en", a.Identifier, a.Title.Narratives)
		}
	}
	// The Kosovo grant's application had 30 elderly and 10 victims of
	// domestic violence: social protection 75 %, violence against women 25 %.
	ks := doc.Activities[1]
	if len(ks.Sectors) != 2 || ks.Sectors[0].Code != "15180" || ks.Sectors[0].Percentage != "25.00" ||
		ks.Sectors[1].Code != "16010" || ks.Sectors[1].Percentage != "75.00" {
		t.Errorf("Kosovo grant sectors %+v, want 15180 25.00 and 16010 75.00", ks.Sectors)
	}
	if !strings.HasPrefix(parent.ReportingOrg.Ref, LocalOrgPrefix+"-") {
		t.Errorf("reporting org %q: the intermediary has no org-id, want the local form", parent.ReportingOrg.Ref)
	}
}

func checkGivingFixture(t *testing.T, w *world, doc []byte) {
	t.Helper()
	var pkg struct {
		Grants []struct {
			ID, Description                string
			AmountAwarded, AmountDisbursed json.Number
			Currency, AwardDate            string
			RecipientOrganization          []struct{ ID, Name, AddressCountry string }
			BeneficiaryLocation            []map[string]any
		}
	}
	if err := json.Unmarshal(doc, &pkg); err != nil {
		t.Fatal(err)
	}
	if len(pkg.Grants) != 3 {
		t.Fatalf("%d grants, want 3", len(pkg.Grants))
	}
	ks, al := pkg.Grants[0], pkg.Grants[1]
	if d := pkg.Grants[2].Description; !strings.HasPrefix(d, "Sub-grant of €5,000.00 from ") {
		t.Errorf("the draft's description without a summary: %q, want the catalogue's sentence", d)
	}
	if ks.ID != GivingPrefix+"-CFP-OD-01-G-001" || ks.AmountAwarded.String() != "10000.00" || ks.AmountDisbursed.String() != "8000.00" {
		t.Errorf("Kosovo grant %s: awarded %s, disbursed %s", ks.ID, ks.AmountAwarded, ks.AmountDisbursed)
	}
	if al.AmountAwarded.String() != "33333.33" || minor(t, al.AmountDisbursed.String()) != w.paidAL {
		t.Errorf("Albanian grant: awarded %s, disbursed %s (ledger %d)", al.AmountAwarded, al.AmountDisbursed, w.paidAL)
	}
	if loc := ks.BeneficiaryLocation; len(loc) != 1 || loc[0]["name"] != "Ferizaj, Kosovo" || loc[0]["countryCode"] != nil {
		t.Errorf("Kosovo location %v: want the name with the country and no countryCode", loc)
	}
	if loc := al.BeneficiaryLocation; len(loc) != 1 || loc[0]["countryCode"] != "AL" {
		t.Errorf("Albanian location %v: want countryCode AL", loc)
	}
	if r := ks.RecipientOrganization; len(r) != 1 || r[0].ID != GivingPrefix+"-ORG-"+itoa(w.ks) || r[0].AddressCountry != "Kosovo" {
		t.Errorf("Kosovo recipient %+v", r)
	}
	if r := al.RecipientOrganization; len(r) != 1 || r[0].ID != "AL-QKB-L91234567A" || r[0].AddressCountry != "Albania" {
		t.Errorf("Albanian recipient %+v", r)
	}
}

// Rows come through internal/access: a donor officer reaches its own
// programme (both grants) and not another donor's; an applicant's scope
// reaches no programme.
func TestExportScope(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := newWorld(t, d)
		st := NewStore(d)
		ctx := context.Background()
		ex, err := st.Load(ctx, w.programme, access.Donor(w.donor))
		if err != nil || len(ex.Grants) != 3 {
			t.Fatalf("own donor: %d grants, %v", len(ex.Grants), err)
		}
		for name, sc := range map[string]access.Scope{"other donor": access.Donor(w.otherDonor),
			"applicant": access.Orgs(w.ks), "evaluator": access.Evaluator(1), "nobody": {}} {
			if _, err := st.Load(ctx, w.programme, sc); !apperr.Is(err, apperr.NotFound) {
				t.Errorf("%s: %v, want not found", name, err)
			}
		}
		if _, err := st.Load(ctx, 1<<40, access.Everything()); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("unknown programme: %v, want not found", err)
		}
		n, err := st.Published(ctx, w.programme, access.Donor(w.otherDonor))
		if err != nil || n != 0 {
			t.Errorf("another donor counts %d published grants (%v), want 0", n, err)
		}
	})
}

// An intermediary whose profile names an agency of the codelist reports
// under CODE-number; a programme without signed grants is a valid IATI
// file but no 360Giving package.
func TestExportPublisherAndEmpty(t *testing.T) {
	d := dbtest.SQLite(t)
	w := newWorld(t, d)
	w.profile(w.inter, "Qendra Ndërmjetëse sh.a.", "XK-PRISHTINE", "1234", "xi-iati", "")
	ex := load(t, d, w.programme, access.Everything())
	if got := ex.PublisherRef(); got != "XI-IATI-1234" {
		t.Errorf("publisher ref %q, want XI-IATI-1234", got)
	}
	iati, _ := render(t, ex)
	w.exec(`UPDATE calls SET municipalities = 'AL-TIRANE,AL-DURRES' WHERE id = ?`, w.callOther)
	empty := load(t, d, w.other, access.Everything())
	empty.Grants = nil
	if c := programmeCountries(empty.Programme, nil); len(c) != 1 || c[0].Code != "AL" {
		t.Errorf("a programme without grants whose call is open to Albanian municipalities: countries %+v, want AL", c)
	}
	var buf bytes.Buffer
	if err := Write(&buf, catalogue(t), Giving360, empty); !apperr.Is(err, apperr.Conflict) || buf.Len() != 0 {
		t.Errorf("360Giving without grants: %v and %d bytes, want a conflict and nothing written", err, buf.Len())
	}
	var emptyIATI bytes.Buffer
	if err := Write(&emptyIATI, catalogue(t), IATI, empty); err != nil {
		t.Fatal(err)
	}
	t.Run("schemas", func(t *testing.T) {
		std := standardsDir(t)
		checkCodes(t, std, iati, false)
		validateIATI(t, std, emptyIATI.Bytes())
	})
}

func TestOrgID(t *testing.T) {
	for _, c := range []struct {
		o    Org
		want string
	}{
		{Org{Municipality: "AL-TIRANE", FiscalNumber: " l91234567a "}, "AL-QKB-L91234567A"},
		{Org{Municipality: "AL-DURRES"}, ""},
		{Org{Municipality: "XK-FERIZAJ", RegistrationNumber: "5110131", FiscalNumber: "600577"}, ""},
		{Org{Municipality: "XK-FERIZAJ", Registry: "XI-IATI", RegistrationNumber: "77"}, "XI-IATI-77"},
		{Org{Registry: "XI-IATI"}, ""},
		{Org{Municipality: "AL-TIRANE", Registry: "AL-QKB", RegistrationNumber: "K 1234/5", FiscalNumber: "M1"}, "AL-QKB-K12345"},
	} {
		if got := OrgID(c.o); got != c.want {
			t.Errorf("OrgID(%+v) = %q, want %q", c.o, got, c.want)
		}
	}
}

func TestAmountExact(t *testing.T) {
	for v, want := range map[int64]string{0: "0.00", 5: "0.05", 10: "0.10", 123456: "1234.56", -5: "-0.05",
		999_999_999_999_999_99: "999999999999999.99", -9223372036854775808: "-92233720368547758.08"} {
		if got := Amount(v); got != want {
			t.Errorf("Amount(%d) = %s, want %s", v, got, want)
		}
	}
}

// Shares always add up to exactly 100 % and every target group maps.
func TestSectorShares(t *testing.T) {
	for _, g := range org.TargetGroups {
		if _, ok := sectorOf[g]; !ok {
			t.Errorf("target group %s has no sector", g)
		}
	}
	g := Grant{TargetGroups: []TargetGroup{{"elderly", 1}, {"rural_youth", 1}, {"returning_migrants", 1}}}
	shares := grantSectors(g)
	var sum int64
	for _, s := range shares {
		sum += s.BP
	}
	if len(shares) != 3 || sum != 10000 {
		t.Errorf("thirds %+v add up to %d", shares, sum)
	}
	if s := grantSectors(Grant{}); len(s) != 1 || s[0] != (Share{defaultSector, 10000}) {
		t.Errorf("no target group: %+v", s)
	}
	p := programmeSectors([]Grant{{AmountMinor: 1, TargetGroups: []TargetGroup{{"elderly", 0}}},
		{AmountMinor: 1 << 60, TargetGroups: []TargetGroup{{"rural_youth", 0}}}})
	if len(p) != 2 || p[0].BP+p[1].BP != 10000 {
		t.Errorf("programme shares %+v", p)
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats {
		if got, err := ParseFormat(string(f)); err != nil || got != f {
			t.Errorf("ParseFormat(%s) = %s, %v", f, got, err)
		}
	}
	if _, err := ParseFormat("csv"); !apperr.Is(err, apperr.NotFound) {
		t.Errorf("csv: %v, want not found", err)
	}
}

// Budgets are yearly at most, contiguous, and add up exactly.
func TestYearlyBudgets(t *testing.T) {
	for _, c := range []struct {
		start, end string
		amount     int64
		periods    int
	}{
		{"2026-01-01", "2028-12-31", 27_000_000_01, 3},
		{"2026-02-01", "2027-01-31", 1_000_000, 1},
		{"2026-10-04", "2028-12-04", 270_000_000, 3},
		{"2028-02-29", "2029-03-01", 7, 2},
		{"2026-05-01", "2026-05-01", 5, 1},
		{"2026-05-02", "2026-05-01", 5, 1}, // an end before the start is written as it is
	} {
		ps := yearly(c.start, c.end, c.amount)
		var sum int64
		for i, p := range ps {
			sum += p.Minor
			s, _ := time.Parse(time.DateOnly, p.Start)
			e, _ := time.Parse(time.DateOnly, p.End)
			if e.After(s.AddDate(1, 0, -1)) {
				t.Errorf("%s..%s: period %s..%s is longer than a year", c.start, c.end, p.Start, p.End)
			}
			if i > 0 && ps[i-1].End >= p.Start {
				t.Errorf("%s..%s: periods overlap: %+v", c.start, c.end, ps)
			}
		}
		if len(ps) != c.periods || sum != c.amount || ps[0].Start != c.start || ps[len(ps)-1].End != c.end {
			t.Errorf("%s..%s: %+v, want %d periods adding up to %d", c.start, c.end, ps, c.periods, c.amount)
		}
	}
}

// A terminated agreement is cancelled, ended on the day it was terminated,
// and plans no further tranche; each state has its IATI status.
func TestGrantStates(t *testing.T) {
	for st, want := range map[string]string{"draft": "1", "signed": "2", "active": "2", "suspended": "6", "closed": "4", "terminated": "5"} {
		if got := activityStatus(st); got != want {
			t.Errorf("activityStatus(%s) = %s, want %s", st, got, want)
		}
	}
	g := Grant{ContractNumber: "C-1", Currency: "EUR", AmountMinor: 1000, Status: "terminated", StartsOn: "2026-01-01",
		EndsOn: "2026-12-31", UpdatedAt: time.Date(2026, 6, 15, 10, 0, 0, 0, time.UTC),
		Tranches: []Tranche{{Kind: "balance", AmountMinor: 200, DueOn: "2027-03-31", Status: "planned"}}}
	w := writer{cat: catalogue(t), ex: Export{Grants: []Grant{g}, Generated: time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)}}
	a := w.grantActivity(g)
	ends := ""
	for _, d := range a.Dates {
		if d.Type == dateActualEnd {
			ends = d.ISODate
		}
	}
	if a.Status.Code != "5" || len(a.Planned) != 0 || ends != "2026-06-15" {
		t.Errorf("terminated grant: status %s, %d planned, actual end %q", a.Status.Code, len(a.Planned), ends)
	}
}
