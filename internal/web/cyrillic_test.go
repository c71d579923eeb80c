package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web/webtest"
)

// A reader chooses Serbian in Cyrillic script beside Latin: the visitor's
// cookie and the account keep "sr-Cyrl"; the pages are the Serbian
// catalogue and the stored Serbian texts transliterated, dates with
// Cyrillic month names, deadlines labelled with the country's clock; a
// text missing in Serbian is the fallback, as stored, marked with its lang.
func TestSerbianCyrillicChoice(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := webtest.New(t, d)
		p := seedProgramme(t, e, orgID(t, e, "Donor"), "Programme")
		withSR := seedCall(t, e, p.ID, "SR-CYRL-01", "Thirrja për shoqatat", true)
		if _, err := db.Exec(ctx, d, `UPDATE calls SET title_sr = ?, description_sr = ? WHERE id = ?`,
			"Poziv za udruženja i njihove članove", "Podrška lokalnim džamijama i ljudima", withSR.ID); err != nil {
			t.Fatal(err)
		}
		noSR := seedCall(t, e, p.ID, "SR-CYRL-02", "Thirrja tjetër", true)

		rec := e.Do(webtest.Anon, webtest.Request{Method: http.MethodPost, Path: "/language",
			Form: url.Values{"lang": {"sr-Cyrl"}, "next": {"/calls"}}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("visitor choosing sr-Cyrl: %d", rec.Code)
		}
		v, ok := cookieValue(rec, "portal_lang")
		if !ok || v != "sr-Cyrl" {
			t.Fatalf("language cookie = %q, want sr-Cyrl", v)
		}
		cookie := map[string]string{"Cookie": "portal_lang=" + v}
		list := e.Do(webtest.Anon, webtest.Request{Path: "/calls", Header: cookie}).Body.String()
		page := e.Do(webtest.Anon, webtest.Request{Path: "/calls/" + itoa(withSR.ID), Header: cookie}).Body.String()
		other := e.Do(webtest.Anon, webtest.Request{Path: "/calls/" + itoa(noSR.ID), Header: cookie}).Body.String()
		for name, want := range map[string][]string{
			"list": {`<html lang="sr-Cyrl">`, "Позив за удружења и њихове чланове", "Српски", "косовско време (CE"},
			"page": {"Подршка локалним џамијама и људима"},
			// the fallback is the English title, as stored, in an element marked lang="en"
			"other": {`lang="en"`, "Thirrja tjetër (en)"},
		} {
			body := map[string]string{"list": list, "page": page, "other": other}[name]
			for _, w := range want {
				if !strings.Contains(body, w) {
					t.Errorf("%s in sr-Cyrl lacks %q", name, w)
				}
			}
		}
		closes := call.Deadline(withSR)
		if month := []string{"јануар", "фебруар", "март", "април", "мај", "јун", "јул", "август", "септембар", "октобар",
			"новембар", "децембар"}[closes.In(withSR.Location()).Month()-1]; !strings.Contains(page, month) {
			t.Errorf("the deadline is not dated in Cyrillic (%s)", month)
		}
		for _, latin := range []string{"Poziv za udruženja", "Europe/Belgrade", "Srpski (ćirilica)"} {
			if strings.Contains(list, latin) {
				t.Errorf("the Cyrillic list shows %q", latin)
			}
		}

		// Documents follow the reader's script: the programme's financial
		// summary renders for an officer reading Cyrillic.
		if err := e.Store.SetLang(ctx, e.Users[webtest.ProgramOfficer].ID, "sr-Cyrl"); err != nil {
			t.Fatal(err)
		}
		pdf := e.Get(webtest.ProgramOfficer, "/programmes/"+itoa(p.ID)+"/financial-summary.pdf")
		if pdf.Code != http.StatusOK || !strings.HasPrefix(pdf.Body.String(), "%PDF") {
			t.Errorf("financial summary in sr-Cyrl: %d %.80s", pdf.Code, pdf.Body.String())
		}

		// A user's choice is kept in the account, canonical whatever its case.
		u := webtest.ApplicantA
		if rec := e.Post(u, "/language", url.Values{"lang": {"SR-cyrl"}, "next": {"/home"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("user choosing sr-Cyrl: %d", rec.Code)
		}
		if got, _ := e.Store.UserByID(ctx, e.Users[u].ID); got.Lang != "sr-Cyrl" {
			t.Errorf("stored language %q, want sr-Cyrl", got.Lang)
		}
		e.SignIn(u)
		if home := e.Get(u, "/home").Body.String(); !strings.Contains(home, `<html lang="sr-Cyrl">`) {
			t.Error("a new session of the user is not in sr-Cyrl")
		}
		// and Latin is still a choice of its own
		if rec := e.Post(u, "/language", url.Values{"lang": {"sr"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("back to sr: %d", rec.Code)
		}
		if home := e.Get(u, "/home").Body.String(); !strings.Contains(home, `<html lang="sr">`) || !strings.Contains(home, "Српски") {
			t.Error("the Latin page lacks its html lang or the switcher's Cyrillic choice")
		}
	})
}
