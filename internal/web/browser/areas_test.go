package browser

import (
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/web/webtest"
)

// sections are the application editor's pages, in order.
var sections = []string{"summary", "target_groups", "municipalities", "logframe", "workplan", "budget", "partners", "declaration"}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// Every page of programmes, calls, organisations, applications and their
// checks passes axe in Albanian, as the role that uses it; the call page,
// the budget editor and the organisation's profile form also in English
// and Serbian. Each refused form shows its summary and announces every
// failed field.
func TestAccessibilityAreas(t *testing.T) {
	h := newAxeHarness(t)
	a := seedAreas(t, h)
	seedPublic(t, h, a)
	callPage, orgA, app := a.paths(h)

	// Each role in its own tab, at the same time: the pages wait on the
	// browser far more than on the processor.
	t.Run("visitor", func(t *testing.T) {
		t.Parallel()
		b := h.tab(t)
		b.checkPages(i18n.SQ, "/calls", callPage, "/register")
		// The public register and map (issue 12), with a chosen municipality.
		b.checkPages(i18n.SQ, "/awards", "/map")
		b.checkQueryPages(i18n.SQ, "/awards?municipality=XK-PEJE", "/map?measure=amount&m=XK-PEJE",
			"/map?measure=services&m=XK-PEJE", "/map?country=AL&measure=services")
		checkTileLinks(b)
		b.refuse(i18n.SQ, "/register", submitButton, map[string]string{"legal_name": "", "municipality": "",
			"name": "Vesa", "email": "jo-adresë", "password": "shkurt"}, "f-legal-name", "f-municipality", "f-email", "f-password")
	})
	t.Run("program officer", func(t *testing.T) {
		t.Parallel()
		b := h.tab(t)
		b.signIn(webtest.ProgramOfficer, i18n.SQ)
		b.checkPages(i18n.SQ, "/programmes", "/programmes/"+itoa(a.programme), "/programmes/new",
			"/manage/calls", "/manage/calls/new", "/manage/calls/"+itoa(a.fx.Call.ID),
			"/organisations", orgA, "/organisations/services", callPage+"/applications",
			app(a.submitted, ""), app(a.submitted, "/screening"), app(a.submitted, "/info-requests"),
			app(a.asked, "/info-requests"), app(a.ineligible, "/screening"),
			"/import", "/import/organisations", "/import/evaluators",
			callPage+"/bulk/screening", callPage+"/bulk/assign", callPage+"/bulk/letters") // bulk actions (issue 12)
		checkSearch(b)
		b.checkImport()
		if got := b.open("/organisations/services?municipality=XK-PRISHTINE"); got != 200 {
			t.Fatalf("services of a municipality: status %d", got)
		}
		b.checkAxe()
		b.refuse(i18n.SQ, app(a.submitted, "/info-requests"), submitButton,
			map[string]string{"questions[0].text": "", "due_at": "2020-01-01"}, "f-questions[0].text", "f-due-at")
		// Publishing the open question's empty answer.
		pending := itoa(a.pendingQuestion)
		b.refuse(i18n.SQ, "/manage/calls/"+itoa(a.fx.Call.ID), `form[action="/manage/questions/`+pending+`/answer"] button`,
			map[string]string{"#f-answer-" + pending: "", "#f-publish-" + pending: "1"}, "f-answer-"+pending)
		// A failed point needs its reason.
		b.refuse(i18n.SQ, app(a.submitted, "/screening"), `main form button[name="action"][value="save"]`,
			map[string]string{"#f-point-documents-failed": "1", "points[documents].reason": ""}, "f-points[documents].reason")
		// Where scripts run, "Select all on this page" ticks the rows without
		// posting (the server would answer with a count of the selection).
		b.openOK(callPage + "/bulk/screening")
		b.do("select all", chromedp.Click(chromedp.CSS(`button[value="select_all"]`)))
		if n, all := b.count(`input[name="ids"]:checked`), b.count(`input[name="ids"]`); n == 0 || n != all ||
			b.count(`.bulk-select p[role="status"]`) != 0 {
			t.Errorf("select all with scripts: %d of %d ticked", n, all)
		}
		// A bulk "not eligible" needs its reason (issue 12).
		b.refuse(i18n.SQ, callPage+"/bulk/screening", `main form button[name="action"][value="prepare"]`,
			map[string]string{"#bulk-" + itoa(a.submitted): "1", "#decision-ineligible": "1", "point": "documents", "reason": ""},
			"f-reason")
		b.refuse(i18n.SQ, "/programmes/new", submitButton, map[string]string{"title": "Programi",
			"subgrant_budget": "12abc", "starts_on": "2027-01-01", "ends_on": "2026-01-01"}, "f-subgrant-budget", "f-ends-on")
		b.refuse(i18n.SQ, "/manage/calls/new", submitButton, map[string]string{"reference": "AL-SOC",
			"title_sq": "Thirrje", "max_grant": "5x", "lot_name_0": "Loti A", "lot_budget_0": "1,555"}, "f-max-grant", "f-lot-budget-0")
	})
	t.Run("applicant", func(t *testing.T) {
		t.Parallel()
		applicantPages(t, h, a)
	})
}

// applicantPages checks applicant A's pages in Albanian, then a few in
// English and Serbian (one language at a time: it is the user's setting).
func applicantPages(t *testing.T, h *harness, a areas) {
	callPage, orgA, app := a.paths(h)
	t.Run("sq", func(t *testing.T) {
		b := h.tab(t)
		b.signIn(webtest.ApplicantA, i18n.SQ)
		b.checkPages(i18n.SQ, "/calls", callPage)
		if b.count(`form[action="`+callPage+`/apply"] select#f-lot-id`) != 1 {
			t.Errorf("%s: the applicant sees no apply form", callPage)
		}
		if got := b.open("/organisations/mine"); got != 200 {
			t.Fatalf("GET /organisations/mine: status %d", got)
		}
		b.wantPath(orgA)
		b.checkAxe()
		b.checkPages(i18n.SQ, orgA+"/edit", orgA+"/documents", orgA+"/members", "/applications")
		for _, s := range sections {
			b.checkPages(i18n.SQ, app(a.draft, "/edit/"+s))
		}
		b.checkPages(i18n.SQ, app(a.draft, "/check"), app(a.draft, ""), app(a.draft, "/withdraw"),
			app(a.submitted, ""), app(a.submitted, "/receipt"), app(a.submitted, "/screening"),
			app(a.ineligible, "/screening"), app(a.asked, "/info-requests"))
		// A lot removed while the call's page was open.
		b.refuse(i18n.SQ, callPage, `form[action="`+callPage+`/apply"] button`, map[string]string{"lot_id": "999999999"}, "f-lot-id")
		b.refuseBudget(i18n.SQ, app(a.draft, "/edit/budget"))
		b.refuseProfile(i18n.SQ, orgA+"/edit")
		b.checkBudgetGrid(app(a.draft, "/edit/budget"))
	})
	for _, lang := range []i18n.Lang{i18n.EN, i18n.SR, i18n.SRCyrl} {
		t.Run(string(lang), func(t *testing.T) {
			b := h.tab(t)
			b.signIn(webtest.ApplicantA, lang)
			b.checkPages(lang, callPage, app(a.draft, "/edit/budget"), orgA+"/edit")
			b.refuseBudget(lang, app(a.draft, "/edit/budget"))
			b.refuseProfile(lang, orgA+"/edit")
		})
	}
}

// paths of the call's public page, of organisation A's profile, and of an
// application's pages.
func (a areas) paths(h *harness) (callPage, orgA string, app func(id int64, rest string) string) {
	return "/calls/" + itoa(a.fx.Call.ID), "/organisations/" + itoa(h.env.OrgA.ID),
		func(id int64, rest string) string { return "/applications/" + itoa(id) + rest }
}

// checkPages opens each page, wants it in lang, runs axe on it and checks
// its ids (checkIDs).
func (b *tab) checkPages(lang i18n.Lang, paths ...string) {
	b.t.Helper()
	for _, p := range paths {
		b.openOK(p)
		b.wantLang(lang)
		b.checkAxe()
		b.checkIDs()
		b.checkPolish()
	}
}

// refuseBudget saves indirect costs of 5000, far over 7 % of the direct
// costs (the refusal is shown at the indirect costs' unit rate).
func (b *tab) refuseBudget(lang i18n.Lang, path string) {
	b.t.Helper()
	b.refuse(lang, path, submitButton, map[string]string{"budget_2_unit_rate": "5000", "budget_2_requested": "4000",
		"budget_2_cofinancing": "1000"}, "f-budget-2-unit-rate")
}

// refuseProfile saves an IBAN with a wrong checksum, an e-mail without @
// and no legal name.
func (b *tab) refuseProfile(lang i18n.Lang, path string) {
	b.t.Helper()
	b.refuse(lang, path, `main form button[name="action"][value="save"]`,
		map[string]string{"iban": "XK05 1212 0123 4567 8907", "email": "jo-adresë", "legal_name": ""},
		"f-iban", "f-email", "f-legal-name")
}

// checkBudgetGrid opens the budget grid at 390 px: the page does not
// scroll sideways, the table scrolls inside its labelled, focusable
// region, and every cell is named by its column and line.
func (b *tab) checkBudgetGrid(path string) {
	b.t.Helper()
	// At 1366 px every column shows: the grid's region does not scroll.
	b.setViewport(desktop)
	b.openOK(path)
	var wide struct{ Scroll, Client int }
	b.js(`(() => { const box = document.querySelector(".budget-grid-box");
		return {Scroll: box.scrollWidth, Client: box.clientWidth}; })()`, &wide)
	if wide.Scroll > wide.Client {
		b.t.Errorf("%s at 1366 px: the budget grid is %d px wide in a %d px region, want every column shown", path, wide.Scroll, wide.Client)
	}
	b.checkNarrow(path)
	call(b, "narrow viewport", emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: 390, Height: 844, DeviceScaleFactor: 1, Mobile: true})
	defer call(b, "wide viewport", emulation.ClearDeviceMetricsOverride, cdp.Empty{})
	b.openOK(path)
	var r struct {
		Inside, Focusable, Labelled bool
		Unnamed                     int
	}
	b.js(`(() => {
		const box = document.querySelector(".budget-grid-box");
		const cells = [...box.querySelectorAll("input, select")];
		return {Inside: box.scrollWidth > box.clientWidth, Focusable: box.tabIndex === 0,
			Labelled: !!document.getElementById(box.getAttribute("aria-labelledby")),
			Unnamed: cells.filter(c => !(c.getAttribute("aria-label") || "").match(/\d/)).length};
	})()`, &r)
	if !r.Inside || !r.Focusable || !r.Labelled || r.Unnamed != 0 {
		b.t.Errorf("%s at 390 px: %+v, want the table scrolling inside a focusable labelled region, every cell named with its line", path, r)
	}
	// Where JavaScript runs, a line's total follows what is typed.
	var total, live string
	b.js(`(() => {
		const set = (name, v) => { const e = document.querySelector('[name="' + name + '"]'); e.value = v;
			e.dispatchEvent(new Event("input", {bubbles: true})); };
		set("budget_0_units", "3"); set("budget_0_unit_rate", "1.000,50");
		return document.querySelector("#budget-line-1 [data-line-total]").textContent;
	})()`, &total)
	b.js(`document.querySelector("[data-budget-live]").textContent`, &live)
	if !strings.Contains(total, "3.001,50") || live == "" {
		b.t.Errorf("%s: typing 3 × 1.000,50 shows line total %q and sum %q, want 3.001,50 €", path, total, live)
	}
}

// checkSearch runs axe on the search box's results (issue 12), every kind
// and one kind's pages, and wants them without sideways scrolling at 390
// px (references and names are long unbroken words).
func checkSearch(b *tab) {
	b.t.Helper()
	for _, p := range []string{"/search?q=organisation", "/search?q=organisation&kind=organisation"} {
		if got := b.open(p); got != 200 {
			b.t.Fatalf("GET %s: status %d", p, got)
		}
		if n := b.count(`ol.search-hits li`); n == 0 {
			b.t.Errorf("%s: no hits shown", p)
		}
		b.checkAxe()
		b.checkIDs()
		b.checkPolish()
	}
	call(b, "narrow viewport", emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: 390, Height: 844, DeviceScaleFactor: 1, Mobile: true})
	defer call(b, "wide viewport", emulation.ClearDeviceMetricsOverride, cdp.Empty{})
	if got := b.open("/search?q=organisation"); got != 200 {
		b.t.Fatalf("GET /search?q=organisation at 390 px: status %d", got)
	}
	var over int
	b.js(`document.documentElement.scrollWidth - document.documentElement.clientWidth`, &over)
	if over > 0 {
		b.t.Errorf("/search?q=organisation scrolls sideways by %d px at 390 px", over)
	}
}
