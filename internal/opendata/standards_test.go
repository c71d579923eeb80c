package opendata

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The official schemas and codelists are kept beside the repository, in
// ../shared/standards (see its NOTICE.md); they are read from disk, never
// copied into the project nor downloaded.

// standardsDir is ../shared/standards from the repository root (the folder
// of go.mod above the test's working directory). Without it the test is
// skipped, unless REQUIRE_STANDARDS=1 (CI), which makes it a failure.
func standardsDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's working directory")
		}
		dir = parent
	}
	std := filepath.Join(dir, "..", "shared", "standards")
	if _, err := os.Stat(filepath.Join(std, "iati", "iati-activities-schema.xsd")); err != nil {
		if os.Getenv("REQUIRE_STANDARDS") == "1" {
			t.Fatalf("REQUIRE_STANDARDS=1 but the standards are not at %s: %v", std, err)
		}
		t.Skipf("the IATI and 360Giving schemas are not at %s: not validated (REQUIRE_STANDARDS=1 makes this a failure)", std)
	}
	return std
}

// validateIATI runs xmllint on the file against the IATI activity schema.
func validateIATI(t *testing.T, std string, doc []byte) {
	t.Helper()
	xmllint, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("REQUIRE_STANDARDS") == "1" {
			t.Fatal("REQUIRE_STANDARDS=1 but xmllint is missing (Debian package libxml2-utils)")
		}
		t.Skip("xmllint not installed (Debian package libxml2-utils): IATI file not validated")
	}
	path := filepath.Join(t.TempDir(), "iati.xml")
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(xmllint, "--noout", "--nonet", "--schema",
		filepath.Join(std, "iati", "iati-activities-schema.xsd"), path).CombinedOutput()
	if err != nil {
		t.Errorf("xmllint: %v\n%s", err, out)
	}
}

// compileGiving compiles the 360Giving package schema from disk: the
// package schema refers to the grant schema by its $id, and both declare
// the 2020-12 meta-schema by its http:// address, which the alias file maps
// to the one the validator knows (jsonschema/v6 knows both addresses, so
// the alias is only needed by validators that do not). Every resource is added by its $id, so
// the compiler never fetches anything.
func compileGiving(t *testing.T, std string) *jsonschema.Schema {
	t.Helper()
	dir := filepath.Join(std, "360giving")
	c := jsonschema.NewCompiler()
	// Formats are assertions, as with ajv-formats in NOTICE.md: the
	// schema's dates are oneOf a date-time format and a YYYY-MM-DD pattern,
	// which only one may match.
	c.AssertFormat()
	for _, name := range []string{"draft2020-12-http-alias.json", "360-giving-schema.json", "360-giving-package-schema.json"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := jsonschema.UnmarshalJSON(f)
		_ = f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		id, _ := doc.(map[string]any)["$id"].(string)
		var exists *jsonschema.ResourceExistsError
		if err := c.AddResource(id, doc); errors.As(err, &exists) && name == "draft2020-12-http-alias.json" {
			continue // this validator knows the http:// address of the meta-schema already
		} else if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	pkg, _ := readID(t, filepath.Join(dir, "360-giving-package-schema.json"))
	sch, err := c.Compile(pkg)
	if err != nil {
		t.Fatalf("compile the 360Giving package schema: %v", err)
	}
	return sch
}

func readID(t *testing.T, path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var v struct {
		ID string `json:"$id"`
	}
	return v.ID, json.Unmarshal(b, &v)
}

// validateGiving checks a 360Giving package against the schema.
func validateGiving(t *testing.T, std string, doc []byte) {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("360Giving output is not JSON: %v", err)
	}
	if err := compileGiving(t, std).Validate(v); err != nil {
		t.Errorf("360Giving package invalid: %v", err)
	}
}

// codelist reads the codes of an IATI codelist file.
func codelist(t *testing.T, std, name string) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(std, "iati", "codelists", name+".xml"))
	if err != nil {
		t.Fatal(err)
	}
	var cl struct {
		Items []struct {
			Code string `xml:"code"`
		} `xml:"codelist-items>codelist-item"`
	}
	if err := xml.Unmarshal(b, &cl); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out := map[string]bool{}
	for _, it := range cl.Items {
		out[strings.TrimSpace(it.Code)] = true
	}
	if len(out) == 0 {
		t.Fatalf("codelist %s has no codes", name)
	}
	return out
}

// checkCodes reads an IATI file back and fails on any code that is not in
// its codelist, and on an organisation identifier whose registration
// agency is not in OrganisationRegistrationAgency (the local form of a
// reporting organisation without one, LocalOrgPrefix, is named by want).
func checkCodes(t *testing.T, std string, doc []byte, wantLocal bool) {
	t.Helper()
	var got iatiActivities
	if err := xml.Unmarshal(doc, &got); err != nil {
		t.Fatalf("read the IATI file back: %v", err)
	}
	lists := map[string]map[string]bool{}
	check := func(list, code, where string) {
		if lists[list] == nil {
			lists[list] = codelist(t, std, list)
		}
		if !lists[list][code] {
			t.Errorf("%s: code %q is not in the codelist %s", where, code, list)
		}
	}
	agencies := codelist(t, std, "OrganisationRegistrationAgency")
	local := false
	ref := func(r, where string) {
		if r == "" {
			return
		}
		if strings.HasPrefix(r, LocalOrgPrefix+"-") {
			local = true
			return
		}
		for a := range agencies {
			if strings.HasPrefix(r, a+"-") && len(r) > len(a)+1 {
				return
			}
		}
		t.Errorf("%s: organisation identifier %q has no registration agency of the codelist", where, r)
	}
	narr := func(ns []narrative, where string) {
		for _, n := range ns {
			if n.Lang != "" {
				check("Language", n.Lang, where)
			}
		}
	}
	for _, a := range got.Activities {
		w := a.Identifier
		check("Language", a.Lang, w)
		check("Currency", a.Currency, w)
		check("OrganisationType", a.ReportingOrg.Type, w+" reporting-org")
		ref(a.ReportingOrg.Ref, w+" reporting-org")
		narr(a.Title.Narratives, w+" title")
		for _, d := range a.Descriptions {
			check("DescriptionType", d.Type, w+" description")
			narr(d.Narratives, w+" description")
		}
		for _, p := range a.Participants {
			check("OrganisationRole", p.Role, w+" participating-org")
			check("OrganisationType", p.Type, w+" participating-org")
			ref(p.Ref, w+" participating-org")
		}
		check("ActivityStatus", a.Status.Code, w)
		for _, d := range a.Dates {
			check("ActivityDateType", d.Type, w+" activity-date")
		}
		for _, c := range a.Countries {
			check("Country", c.Code, w+" recipient-country")
		}
		for _, s := range a.Sectors {
			check("SectorVocabulary", s.Vocabulary, w+" sector")
			check("Sector", s.Code, w+" sector")
		}
		check("FinanceType", a.FinanceType.Code, w)
		check("AidType", a.AidType.Code, w)
		check("AidTypeVocabulary", a.AidType.Vocabulary, w)
		for _, b := range a.Budgets {
			check("BudgetType", b.Type, w+" budget")
			check("BudgetStatus", b.Status, w+" budget")
			check("Currency", b.Value.Currency, w+" budget")
		}
		for _, p := range a.Planned {
			check("BudgetType", p.Type, w+" planned-disbursement")
			check("Currency", p.Value.Currency, w+" planned-disbursement")
			ref(p.Provider.Ref, w+" planned-disbursement provider")
			ref(p.Receiver.Ref, w+" planned-disbursement receiver")
		}
		for _, tx := range a.Transactions {
			check("TransactionType", tx.Type.Code, w+" transaction")
			check("Currency", tx.Value.Currency, w+" transaction")
			ref(tx.Provider.Ref, w+" transaction provider")
			ref(tx.Receiver.Ref, w+" transaction receiver")
		}
		for _, r := range a.RelatedActs {
			check("RelatedActivityType", r.Type, w+" related-activity")
		}
	}
	if local != wantLocal {
		t.Errorf("the local identifier %s-... used: %v, want %v", LocalOrgPrefix, local, wantLocal)
	}
}

// Every agency the identifiers may name is in the codelist.
func TestAgenciesInCodelist(t *testing.T) {
	std := standardsDir(t)
	list := codelist(t, std, "OrganisationRegistrationAgency")
	for _, a := range Agencies {
		if !list[a] {
			t.Errorf("agency %s is not in OrganisationRegistrationAgency.xml", a)
		}
	}
	for country, a := range countryAgency {
		if !list[a.Code] || !strings.HasPrefix(a.Code, country+"-") {
			t.Errorf("the agency of %s, %s, is not a %s agency of the codelist", country, a.Code, country)
		}
	}
	sectors := codelist(t, std, "Sector")
	for group, code := range sectorOf {
		if !sectors[code] {
			t.Errorf("target group %s maps to %s, not in Sector.xml", group, code)
		}
	}
}
