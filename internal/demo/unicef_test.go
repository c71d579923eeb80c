package demo

import (
	"context"
	"slices"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/org"
)

// checkUNICEF: the municipal social fund runs in US dollars under the
// UNICEF profile; its applicants are municipalities (Klos, Mat,
// Bulqizë), each grant within UNICEF's cap per partner, paid in full
// after signature (the profile's 100 % pre-financing); Klos's map of
// social-care services comes from the profiles of the municipality and
// of the organisations working there; UNICEF's donor officer sees only
// this programme.
//
// TestSeed seeds the database and calls it.
func checkUNICEF(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	checkStory(t, d, storyWant{Call: UNICEFCall, Programme: UNICEFProgramme, Currency: "USD", Profile: "unicef",
		Apps: 3, Municipalities: []string{"AL-KLOS", "AL-MAT", "AL-BULQIZE"}})
	var kinds []string
	if err := db.Select(ctx, d, &kinds, `SELECT o.kind FROM applications a JOIN organisations o ON o.id = a.org_id
		JOIN calls c ON c.id = a.call_id WHERE c.reference = ?`, UNICEFCall); err != nil {
		t.Fatal(err)
	}
	if len(kinds) != 3 || slices.ContainsFunc(kinds, func(k string) bool { return k != "municipality" }) {
		t.Errorf("the social fund's applicants are %v, want three municipalities", kinds)
	}
	var over, unpaid int
	if err := db.Get(ctx, d, &over, `SELECT COUNT(*) FROM grants g JOIN calls c ON c.id = g.call_id
		WHERE c.reference = ? AND g.amount_minor > 5000000`, UNICEFCall); err != nil || over != 0 {
		t.Errorf("%d social-fund grants above USD 50,000 (%v)", over, err)
	}
	if err := db.Get(ctx, d, &unpaid, `SELECT COUNT(*) FROM grants g JOIN calls c ON c.id = g.call_id
		WHERE c.reference = ? AND g.paid_minor <> g.amount_minor`, UNICEFCall); err != nil || unpaid != 0 {
		t.Errorf("%d social-fund grants not paid in full after signature (%v)", unpaid, err)
	}
	services, err := (&org.Store{DB: d, Now: db.Now}).ServicesIn(ctx, access.Everything(), "AL-KLOS")
	if err != nil {
		t.Fatal(err)
	}
	byOrg := map[string]int{}
	for _, s := range services {
		byOrg[s.OrgName]++
	}
	if len(services) < 4 || byOrg["Bashkia Klos"] != 2 || len(byOrg) < 3 {
		t.Errorf("Klos's map of services %v, want the municipality's two and those of at least two organisations", byOrg)
	}
	if got := donorSees(t, d, "donor-unicef@demo.example"); !slices.Equal(got, []string{UNICEFProgramme}) {
		t.Errorf("UNICEF's donor officer sees %q, want only the social fund", got)
	}
}
