package register

import (
	"bytes"
	"context"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/place"
)

// Kosovo's map has 38 squares and Albania's 61, none overlapping, each
// value on its square as in the table, shaded by its step of the largest.
func TestMapHasEveryMunicipalityOnce(t *testing.T) {
	for country, n := range map[string]int{place.Kosovo: 38, place.Albania: 61} {
		values := map[string]int64{}
		ms := place.Municipalities(country)
		values[ms[0].Code], values[ms[1].Code], values[ms[2].Code] = 10, 3, 1
		m := BuildMap(country, values, MapOptions{Lang: "sq", Format: func(v int64) string { return strconv.FormatInt(v, 10) },
			Href: func(code string) string { return "?m=" + code }, Selected: ms[1].Code})
		if len(m.Tiles) != n {
			t.Fatalf("%s: %d tiles, want %d", country, len(m.Tiles), n)
		}
		seen := map[[2]int]bool{}
		for _, tl := range m.Tiles {
			if seen[[2]int{tl.X, tl.Y}] {
				t.Errorf("%s: two squares at %d,%d", country, tl.X, tl.Y)
			}
			seen[[2]int{tl.X, tl.Y}] = true
			if tl.X+TileSize > m.Width || tl.Y+TileSize > m.Height {
				t.Errorf("%s outside the map", tl.Code)
			}
			if tl.Value != values[tl.Code] || tl.Shown != strconv.FormatInt(values[tl.Code], 10) || tl.Href != "?m="+tl.Code {
				t.Errorf("%s: value %d shown %q href %q", tl.Code, tl.Value, tl.Shown, tl.Href)
			}
			if tl.Selected != (tl.Code == ms[1].Code) {
				t.Errorf("%s selected %v", tl.Code, tl.Selected)
			}
		}
		levels := map[string]int{}
		for _, tl := range m.Tiles {
			levels[tl.Code] = tl.Level
		}
		if levels[ms[0].Code] != Levels || levels[ms[1].Code] != 2 || levels[ms[2].Code] != 1 || levels[ms[3].Code] != 0 {
			t.Errorf("%s levels %d %d %d %d", country, levels[ms[0].Code], levels[ms[1].Code], levels[ms[2].Code], levels[ms[3].Code])
		}
		if m.Total != "14" || len(m.Legend) != Levels || m.Legend[Levels-1].To != "10" {
			t.Errorf("%s total %q legend %+v", country, m.Total, m.Legend)
		}
	}
	empty := BuildMap(place.Kosovo, nil, MapOptions{Lang: "en", Format: func(v int64) string { return strconv.FormatInt(v, 10) }})
	if len(empty.Legend) != 0 || empty.Tiles[0].Level != 0 || empty.Tiles[0].Href != "" {
		t.Errorf("empty map: %+v", empty.Legend)
	}
}

// The map of services counts the services of verified organisations per
// municipality, filtered by service type and by a target group the
// organisation serves, and lists those of one municipality.
func TestServicesFilter(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		a := org(t, d, "Klos NGO", "AL-KLOS", true)
		b := org(t, d, "Mat NGO", "AL-MAT", true)
		u := org(t, d, "Unverified NGO", "AL-KLOS", false)
		for _, s := range []struct {
			org       int64
			typ, muni string
		}{{a, "community_outreach", "AL-KLOS"}, {a, "family_support", "AL-KLOS"}, {a, "home_care", "AL-MAT"},
			{b, "home_care", "AL-MAT"}, {b, "counselling", "XK-PRISHTINE"}, {u, "shelter", "AL-KLOS"}} {
			exec(t, d, `INSERT INTO organisation_services (org_id, service_type, municipality, capacity, beneficiaries_per_year)
				VALUES (?, ?, ?, 10, 40)`, s.org, s.typ, s.muni)
		}
		exec(t, d, `INSERT INTO organisation_target_groups (org_id, target_group) VALUES (?, 'elderly'), (?, 'rae_communities')`, a, b)
		st := &Store{DB: d}
		vis := access.Visitor()
		for name, c := range map[string]struct {
			f    ServiceFilter
			want map[string]int64
		}{
			"all":          {ServiceFilter{}, map[string]int64{"AL-KLOS": 2, "AL-MAT": 2, "XK-PRISHTINE": 1}},
			"albania":      {ServiceFilter{Country: "AL"}, map[string]int64{"AL-KLOS": 2, "AL-MAT": 2}},
			"home care":    {ServiceFilter{Type: "home_care"}, map[string]int64{"AL-MAT": 2}},
			"elderly":      {ServiceFilter{TargetGroup: "elderly"}, map[string]int64{"AL-KLOS": 2, "AL-MAT": 1}},
			"type + group": {ServiceFilter{Type: "home_care", TargetGroup: "rae_communities"}, map[string]int64{"AL-MAT": 1}},
			"shelter":      {ServiceFilter{Type: "shelter"}, map[string]int64{}},
		} {
			got, err := st.ServiceCounts(ctx, vis, c.f)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(c.want) {
				t.Errorf("%s: %v, want %v", name, got, c.want)
			}
			for k, v := range c.want {
				if got[k] != v {
					t.Errorf("%s: %s = %d, want %d", name, k, got[k], v)
				}
			}
		}
		in, err := st.ServicesIn(ctx, vis, ServiceFilter{}, "AL-KLOS")
		if err != nil {
			t.Fatal(err)
		}
		if len(in) != 2 || in[0].Type != "community_outreach" || in[0].Organisation != "Klos NGO" || in[1].Type != "family_support" {
			t.Errorf("services in Klos: %+v", in)
		}
	})
}

// The downloads hold the rows in the reader's words, amounts as numbers,
// and a text a spreadsheet would run as a formula neutralised.
func TestDownloads(t *testing.T) {
	awards := []Award{
		{Contract: "G-1", Organisation: "=HYPERLINK(\"http://x\")", Municipality: "XK-PEJE", Title: "+Qendër ditore",
			Currency: "EUR", AmountMinor: 4_500_050, StartsOn: "2026-04-01", EndsOn: "2027-03-31", SignedAt: t0,
			Programme: "@prog", Donor: "-Donor"},
	}
	l := Labels{Headers: []string{"Kontrata", "Organizata", "Komuna", "Titulli", "Programi", "Donatori", "Valuta",
		"Shuma", "Fillon", "Mbaron", "Nënshkruar"}, Municipality: func(code string) string {
		m, _ := place.Lookup(code)
		return m.Name("sq")
	}, Sheet: "Grantet"}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, awards, l); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "\ufeff") {
		t.Error("no byte-order mark")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"G-1", "'=HYPERLINK(\"http://x\")", "Pejë", "'+Qendër ditore", "'@prog", "'-Donor", "EUR", "45000.50",
		"2026-04-01", "2027-03-31", "2026-03-01"}
	if len(recs) != 2 || strings.Join(recs[0], "|") != strings.Join(l.Headers, "|") || strings.Join(recs[1], "|") != strings.Join(want, "|") {
		t.Fatalf("csv = %q", recs)
	}
	buf.Reset()
	if err := WriteXLSX(&buf, awards, l); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Grantet", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0][1] != "Organizata" || rows[1][1] != want[1] || rows[1][2] != "Pejë" || rows[1][3] != want[3] {
		t.Fatalf("xlsx rows = %q", rows)
	}
	if rows[1][7] != "45000.5" {
		t.Errorf("amount cell = %q", rows[1][7])
	}
	if typ, _ := f.GetCellType("Grantet", "H2"); typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("the amount is a text cell (%v)", typ)
	}
	if fm, _ := f.GetCellFormula("Grantet", "B2"); fm != "" {
		t.Errorf("B2 holds a formula %q", fm)
	}
}
