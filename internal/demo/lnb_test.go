package demo

import (
	"context"
	"slices"
	"testing"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/programme"
)

// checkLNB: the LNB programme runs in lek under the UNDP profile in its
// four municipalities, funded by SDC, for 600 families (the programme's
// indicator and the sum of its grantees' families); payments in ALL are
// also recorded in EUR at the month's rate; the officer approved one
// interim report, which made its yearly tranche due; UNDP's donor officer sees
// this programme and no other, the EU's does not see it.
//
// TestSeed seeds the database and calls it.
func checkLNB(t *testing.T, d *db.DB) {
	t.Helper()
	ctx := context.Background()
	id := checkStory(t, d, storyWant{Call: LNBCall, Programme: LNBProgramme, Currency: "ALL", Profile: "undp",
		Apps: 4, Municipalities: []string{"AL-TIRANE", "AL-DURRES", "AL-LUSHNJE", "AL-DIVJAKE"}})
	p, err := programme.NewStore(d).ByID(ctx, id, access.Everything())
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Sources) != 1 || p.Sources[0].Name != "Agjencia Zvicerane për Zhvillim dhe Bashkëpunim (SDC)" ||
		p.Funding().Minor != p.SubgrantBudgetMinor || p.DonorName != UNDPDonor {
		t.Errorf("LNB funding %+v, donor %q; want SDC alone funding the sub-grant budget, UNDP as donor", p.Sources, p.DonorName)
	}
	if len(p.Indicators) == 0 || p.Indicators[0].Target != "600" || p.Indicators[0].Unit != "familje" {
		t.Errorf("LNB indicators %+v, want a target of 600 families", p.Indicators)
	}
	var families int
	if err := db.Get(ctx, d, &families, `SELECT SUM(g.beneficiaries) FROM application_target_groups g
		JOIN applications a ON a.id = g.application_id JOIN calls c ON c.id = a.call_id
		WHERE c.reference = ? AND g.target_group = 'families_social_assistance'`, LNBCall); err != nil || families != lnbFamilies {
		t.Errorf("the LNB grantees serve %d families (%v), want %d", families, err, lnbFamilies)
	}
	var rated int
	if err := db.Get(ctx, d, &rated, `SELECT COUNT(*) FROM payments x JOIN grants g ON g.id = x.grant_id JOIN calls c ON c.id = g.call_id
		WHERE c.reference = ? AND x.currency = 'ALL' AND x.rate_currency = 'EUR' AND x.report_minor * 90 < x.amount_minor`, LNBCall); err != nil || rated != 4 {
		t.Errorf("%d LNB payments converted from ALL to EUR (%v), want 4", rated, err)
	}
	// The Tiranë grantee's interim report is approved: its yearly tranche
	// is due, reduced by the spending rule, the schedule still adding up.
	var approved []struct {
		Grant  int64 `db:"grant_id"`
		Amount int64 `db:"amount_minor"`
		Sum    int64 `db:"scheduled"`
		Due    int   `db:"due"`
		Cut    int   `db:"cut"`
	}
	if err := db.Select(ctx, d, &approved, `SELECT g.id AS grant_id, g.amount_minor,
		(SELECT SUM(t.amount_minor) FROM grant_tranches t WHERE t.grant_id = g.id) AS scheduled,
		(SELECT COUNT(*) FROM grant_tranches t WHERE t.grant_id = g.id AND t.position = 2 AND t.status = 'due') AS due,
		(SELECT COUNT(*) FROM grant_tranches t WHERE t.grant_id = g.id AND t.position = 2
			AND t.amount_minor < (SELECT p.amount_minor FROM grant_tranches p WHERE p.grant_id = g.id AND p.position = 1)) AS cut
		FROM grantee_reports r JOIN grants g ON g.id = r.grant_id
		WHERE g.programme_id = ? AND r.status = 'approved'`, id); err != nil {
		t.Fatal(err)
	}
	if len(approved) != 1 || approved[0].Due != 1 || approved[0].Cut != 1 || approved[0].Sum != approved[0].Amount {
		t.Errorf("approved LNB reports %+v: want one, its yearly tranche due and reduced, the schedule = the grant", approved)
	}
	if got := donorSees(t, d, "donor-undp@demo.example"); !slices.Equal(got, []string{LNBProgramme}) {
		t.Errorf("UNDP's donor officer sees %q, want only the LNB programme", got)
	}
	if got := donorSees(t, d, "donor@demo.example"); slices.Contains(got, LNBProgramme) || len(got) != 3 {
		t.Errorf("the EU's donor officer sees %q, want its three EU programmes", got)
	}
}
