package web_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/config"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
	"github.com/subgrant/portal/internal/web"
	"github.com/subgrant/portal/internal/web/webtest"
)

// attachEnv is an application portal with uploads in a temporary folder and
// a call that requires a statute; it returns the upload folder too.
func attachEnv(t *testing.T, d *db.DB) (*appEnv, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "uploads")
	cfg := config.FromEnv(func(string) string { return "" })
	cfg.UploadDir = dir
	ae := &appEnv{now: db.Now()}
	ae.Env = webtest.New(t, d, webtest.Options{Config: cfg, Deps: func(deps *web.Deps) {
		deps.Now = func() time.Time { return ae.now }
	}})
	ae.fx = apptest.Call(t, d, apptest.Spec{})
	if _, err := db.Exec(t.Context(), d, `INSERT INTO call_documents (call_id, position, code, label_sq, label_en, label_sr)
		VALUES (?, 0, 'statute', 'Statuti', 'Statute of the organisation', 'Statut')`, ae.fx.Call.ID); err != nil {
		t.Fatal(err)
	}
	return ae, dir
}

func attPath(id int64) string { return "/applications/" + itoa(id) + "/attachments" }

// attachmentsOf lists an application's attachments through the API.
func (ae *appEnv) attachmentsOf(t *testing.T, p webtest.Principal, id int64) []map[string]any {
	t.Helper()
	rec := ae.Get(p, "/api/v1"+attPath(id))
	if rec.Code != 200 {
		t.Fatalf("list attachments as %s: %d %s", p, rec.Code, rec.Body)
	}
	var pg struct{ Items []map[string]any }
	if err := json.Unmarshal(rec.Body.Bytes(), &pg); err != nil {
		t.Fatal(err)
	}
	return pg.Items
}

// checkFields lists the fields of the problems the check API reports.
func (ae *appEnv) checkFields(t *testing.T, id int64) []string {
	t.Helper()
	rec := ae.Get(webtest.ApplicantA, "/api/v1/applications/"+itoa(id)+"/check")
	var body struct {
		Problems []struct{ Field string }
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		t.Fatalf("check: %d %s", rec.Code, rec.Body)
	}
	var out []string
	for _, p := range body.Problems {
		out = append(out, p.Field)
	}
	return out
}

func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

// The required-document rule holds submission until the statute is
// attached; the upload keeps its SHA-256, the snapshot lists it, and after
// submission nothing changes (page: flash and redirect, API: 409).
func TestAttachmentsUploadRuleAndSubmission(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae, dir := attachEnv(t, d)
		ae.useSQ(t, webtest.ApplicantA)
		id := ae.draftFor(t, webtest.ApplicantA, validBody(t))
		if got := ae.checkFields(t, id); len(got) != 1 || got[0] != "attachments.statute" {
			t.Fatalf("check before attaching: %v, want [attachments.statute]", got)
		}
		if page := ae.Get(webtest.ApplicantA, "/applications/"+itoa(id)+"/check").Body.String(); !strings.Contains(page, html.EscapeString(`Bashkëngjitni dokumentin "Statuti"`)) {
			t.Error("the check page does not name the missing document in the user's language")
		}
		if rec := ae.api(webtest.ApplicantA, "POST", "/api/v1/applications/"+itoa(id)+"/submit", nil); rec.Code != 422 {
			t.Errorf("submit without the statute: %d, want 422", rec.Code)
		}
		rec := orgUpload(t, ae.Env, webtest.ApplicantA, attPath(id), map[string]string{"doc_type": "statute"}, "statuti.pdf", pdfDoc, false)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("upload: %d %s", rec.Code, rec.Body)
		}
		items := ae.attachmentsOf(t, webtest.ApplicantA, id)
		if len(items) != 1 || items[0]["sha256"] != sha(pdfDoc) || items[0]["file_name"] != "statuti.pdf" ||
			items[0]["doc_type"] != "statute" || items[0]["size_bytes"] != float64(len(pdfDoc)) {
			t.Fatalf("attachments %v", items)
		}
		if _, ok := items[0]["stored_name"]; ok {
			t.Error("the API shows the stored name")
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("upload folder holds %d files, want 1", len(entries))
		}
		if got := ae.checkFields(t, id); len(got) != 0 {
			t.Errorf("check after attaching: %v", got)
		}
		page := ae.Get(webtest.ApplicantA, attPath(id)).Body.String()
		if !strings.Contains(page, sha(pdfDoc)) || !strings.Contains(page, "statuti.pdf") {
			t.Error("the page does not list the file with its SHA-256")
		}
		ae.submitAPI(t, webtest.ApplicantA, itoa(id))
		var snap string
		if err := db.Get(t.Context(), d, &snap, `SELECT content FROM application_snapshots WHERE application_id = ?`, id); err != nil ||
			!strings.Contains(snap, `"attachments":[{`) || !strings.Contains(snap, sha(pdfDoc)) {
			t.Errorf("snapshot does not list the attachment with its SHA-256: %v", err)
		}
		rec = orgUpload(t, ae.Env, webtest.ApplicantA, attPath(id), map[string]string{"doc_type": "other"}, "more.pdf", pdfDoc, false)
		if rec.Code != http.StatusSeeOther || rec.Header().Get("Location") != attPath(id) {
			t.Errorf("upload after submission: %d %s, want 303 back to the page", rec.Code, rec.Header().Get("Location"))
		}
		if follow := ae.Get(webtest.ApplicantA, attPath(id)).Body.String(); strings.Contains(follow, `action="`+attPath(id)+`"`) {
			t.Error("the page still offers the upload form after submission")
		}
		apiRec := orgUpload(t, ae.Env, webtest.ApplicantA, "/api/v1"+attPath(id), map[string]string{"doc_type": "other"}, "more.pdf", pdfDoc, false)
		if apiRec.Code != http.StatusConflict {
			t.Errorf("API upload after submission: %d, want 409", apiRec.Code)
		}
		attID := itoa(int64(items[0]["id"].(float64)))
		if rec := ae.api(webtest.ApplicantA, "DELETE", "/api/v1"+attPath(id)+"/"+attID, nil); rec.Code != http.StatusConflict {
			t.Errorf("API delete after submission: %d, want 409", rec.Code)
		}
		if rec := ae.Post(webtest.ApplicantA, attPath(id)+"/"+attID+"/delete", nil); rec.Code != http.StatusSeeOther {
			t.Errorf("page delete after submission: %d, want 303", rec.Code)
		}
		if n := len(ae.attachmentsOf(t, webtest.ApplicantA, id)); n != 1 {
			t.Errorf("%d attachments after submission, want 1", n)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 1 {
			t.Errorf("upload folder holds %d files after refusals, want 1", len(entries))
		}
	})
}

// Wrong types answer 415 with the message beside the file field, oversize
// 413 with and without Content-Length, and ../../x is only a display name.
func TestAttachmentsBadFiles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae, dir := attachEnv(t, d)
		id := ae.draftFor(t, webtest.ApplicantA, nil)
		fields := map[string]string{"doc_type": "statute"}
		exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), bytes.Repeat([]byte{0}, 100)...)
		rec := orgUpload(t, ae.Env, webtest.ApplicantA, attPath(id), fields, "statute.pdf", exe, false)
		if rec.Code != http.StatusUnsupportedMediaType || !strings.Contains(rec.Body.String(), `id="f-file-error"`) ||
			!strings.Contains(rec.Body.String(), "This type of file is not accepted") {
			t.Errorf("exe renamed .pdf: %d, want 415 with the message beside the file field", rec.Code)
		}
		if rec := orgUpload(t, ae.Env, webtest.ApplicantA, "/api/v1"+attPath(id), fields, "statute.pdf", exe, false); rec.Code != 415 ||
			!strings.Contains(rec.Body.String(), `"field":"file"`) {
			t.Errorf("API exe: %d %s", rec.Code, rec.Body)
		}
		big := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte("x"), 11<<20)...)
		for _, chunked := range []bool{false, true} {
			for _, path := range []string{attPath(id), "/api/v1" + attPath(id)} {
				if rec := orgUpload(t, ae.Env, webtest.ApplicantA, path, fields, "big.pdf", big, chunked); rec.Code != http.StatusRequestEntityTooLarge {
					t.Errorf("11 MB to %s (chunked %v): %d, want 413", path, chunked, rec.Code)
				}
			}
		}
		if rec := orgUpload(t, ae.Env, webtest.ApplicantA, attPath(id), map[string]string{"doc_type": "passport"}, "ok.pdf", pdfDoc, false); rec.Code != 422 ||
			!strings.Contains(rec.Body.String(), `id="f-doc-type-error"`) {
			t.Errorf("unknown document type: %d, want 422 beside doc_type", rec.Code)
		}
		if entries, _ := os.ReadDir(dir); len(entries) != 0 {
			t.Errorf("%d files left after refusals", len(entries))
		}
		rec = orgUpload(t, ae.Env, webtest.ApplicantA, attPath(id), map[string]string{"doc_type": "other"}, "../../x.pdf", pdfDoc, false)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("../../x.pdf: %d", rec.Code)
		}
		root := filepath.Dir(dir)
		if entries, _ := os.ReadDir(root); len(entries) != 1 || entries[0].Name() != "uploads" {
			t.Errorf("files outside the upload folder: %v", entries)
		}
		items := ae.attachmentsOf(t, webtest.ApplicantA, id)
		if len(items) != 1 || items[0]["file_name"] != "x.pdf" {
			t.Fatalf("attachments %v", items)
		}
		dl := ae.Get(webtest.ApplicantA, attPath(id)+"/"+itoa(int64(items[0]["id"].(float64))))
		for k, want := range map[string]string{
			"Content-Disposition":     `attachment; filename="x.pdf"; filename*=UTF-8''x.pdf`,
			"X-Content-Type-Options":  "nosniff",
			"Content-Security-Policy": "default-src 'none'; sandbox",
			"Content-Type":            "application/pdf",
		} {
			if got := dl.Header().Get(k); got != want {
				t.Errorf("download %s = %q, want %q", k, got, want)
			}
		}
		if dl.Code != 200 || !bytes.Equal(dl.Body.Bytes(), pdfDoc) {
			t.Errorf("download: %d", dl.Code)
		}
	})
}

// A vault document is attached as a copy with its SHA-256 and validity; an
// expired one does not satisfy the rule; B's document id is refused.
func TestAttachmentsFromVault(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae, _ := attachEnv(t, d)
		ae.useSQ(t, webtest.ApplicantA)
		id := ae.draftFor(t, webtest.ApplicantA, validBody(t))
		vault := func(p webtest.Principal, orgID int64, valid string) string {
			rec := orgUpload(t, ae.Env, p, docsPath(orgID), map[string]string{"doc_type": "statute", "valid_until": valid}, "statute.pdf", pdfDoc, false)
			if rec.Code != 303 {
				t.Fatalf("vault upload: %d", rec.Code)
			}
			var docID int64
			_ = db.Get(t.Context(), d, &docID, `SELECT MAX(id) FROM organisation_documents WHERE org_id = ?`, orgID)
			return itoa(docID)
		}
		expired := vault(webtest.ApplicantA, ae.OrgA.ID, ae.now.AddDate(0, 0, 2).Format("2006-01-02")) // before the deadline
		docB := vault(webtest.ApplicantB, ae.OrgB.ID, "")
		link := func(docID string) int {
			return ae.Post(webtest.ApplicantA, attPath(id), url.Values{"link_doc_type": {"statute"}, "vault_document_id": {docID}}).Code
		}
		if got := link(docB); got != 422 {
			t.Errorf("B's vault document: %d, want 422", got)
		}
		if rec := ae.api(webtest.ApplicantA, "POST", "/api/v1"+attPath(id), map[string]any{"vault_document_id": json.Number(docB), "doc_type": "statute"}); rec.Code != 422 ||
			!strings.Contains(rec.Body.String(), `"field":"vault_document_id"`) {
			t.Errorf("API, B's vault document: %d %s", rec.Code, rec.Body)
		}
		if got := link(expired); got != 303 {
			t.Fatalf("link: %d", got)
		}
		items := ae.attachmentsOf(t, webtest.ApplicantA, id)
		if len(items) != 1 || items[0]["sha256"] != sha(pdfDoc) || items[0]["vault_document_id"] == nil || items[0]["valid_until"] == nil {
			t.Fatalf("linked attachment %v", items)
		}
		if got := ae.checkFields(t, id); len(got) != 1 || got[0] != "attachments.statute" {
			t.Errorf("an expired statute satisfies the rule: %v", got)
		}
		valid := vault(webtest.ApplicantA, ae.OrgA.ID, "2099-12-31")
		if rec := ae.api(webtest.ApplicantA, "POST", "/api/v1"+attPath(id), map[string]any{"vault_document_id": json.Number(valid), "doc_type": "statute"}); rec.Code != 201 {
			t.Fatalf("API link: %d %s", rec.Code, rec.Body)
		}
		if got := ae.checkFields(t, id); len(got) != 0 {
			t.Errorf("check with a valid statute: %v", got)
		}
	})
}

// Applicant A gets 404 for B's application and attachment ids on every
// attachment route, and sees no canary.
func TestAttachmentsTenantIsolation(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae, _ := attachEnv(t, d)
		idB := ae.draftFor(t, webtest.ApplicantB, nil)
		name := webtest.Canary + ".pdf"
		if rec := orgUpload(t, ae.Env, webtest.ApplicantB, attPath(idB), map[string]string{"doc_type": "other"}, name, pdfDoc, false); rec.Code != 303 {
			t.Fatalf("B uploads: %d", rec.Code)
		}
		attB := itoa(int64(ae.attachmentsOf(t, webtest.ApplicantB, idB)[0]["id"].(float64)))
		idA := ae.draftFor(t, webtest.ApplicantA, nil)
		var bodies []string
		for _, r := range []webtest.Request{
			{Path: attPath(idB)}, {Path: attPath(idB) + "/" + attB}, {Path: attPath(idA) + "/" + attB},
			{Method: "POST", Path: attPath(idB) + "/" + attB + "/delete", Form: url.Values{}},
			{Method: "POST", Path: attPath(idA) + "/" + attB + "/delete", Form: url.Values{}},
			{Method: "POST", Path: attPath(idB), Form: url.Values{"link_doc_type": {"other"}, "vault_document_id": {"1"}}},
			{Path: "/api/v1" + attPath(idB)}, {Method: "DELETE", Path: "/api/v1" + attPath(idB) + "/" + attB},
			{Method: "DELETE", Path: "/api/v1" + attPath(idA) + "/" + attB},
		} {
			rec := ae.Do(webtest.ApplicantA, r)
			if rec.Code != http.StatusNotFound {
				t.Errorf("A: %s %s = %d, want 404", r.Method, r.Path, rec.Code)
			}
			bodies = append(bodies, rec.Body.String())
		}
		bodies = append(bodies, ae.Get(webtest.ApplicantA, attPath(idA)).Body.String(),
			ae.Get(webtest.ApplicantA, "/api/v1"+attPath(idA)).Body.String())
		for i, b := range bodies {
			if strings.Contains(b, webtest.Canary) {
				t.Errorf("response %d to A carries B's canary", i)
			}
		}
		if strings.Contains(ae.Get(webtest.ProgramOfficer, attPath(idB)).Body.String(), webtest.Canary) {
			t.Error("the officer sees a draft's attachment")
		}
		markSubmitted(t, d, idB)
		if !strings.Contains(ae.Get(webtest.ProgramOfficer, attPath(idB)).Body.String(), webtest.Canary) {
			t.Error("the officer should see B's attachment (the canary test would prove nothing)")
		}
		if n := len(ae.attachmentsOf(t, webtest.ApplicantB, idB)); n != 1 {
			t.Errorf("B has %d attachments after A's attempts", n)
		}
	})
}

// The role x route matrix of every attachment route.
func TestAttachmentsMatrix(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ae, _ := attachEnv(t, d)
		id := ae.draftFor(t, webtest.ApplicantA, nil)
		for _, n := range []string{"a.pdf", "b.pdf", "c.pdf"} {
			if rec := orgUpload(t, ae.Env, webtest.ApplicantA, attPath(id), map[string]string{"doc_type": "other"}, n, pdfDoc, false); rec.Code != 303 {
				t.Fatalf("upload %s: %d", n, rec.Code)
			}
		}
		if rec := orgUpload(t, ae.Env, webtest.ApplicantA, docsPath(ae.OrgA.ID), map[string]string{"doc_type": "statute"}, "s.pdf", pdfDoc, false); rec.Code != 303 {
			t.Fatalf("vault upload: %d", rec.Code)
		}
		var docID int64
		_ = db.Get(t.Context(), d, &docID, `SELECT id FROM organisation_documents WHERE org_id = ?`, ae.OrgA.ID)
		items := ae.attachmentsOf(t, webtest.ApplicantA, id)
		att := func(i int) string { return attPath(id) + "/" + itoa(int64(items[i]["id"].(float64))) }
		// A draft's attachments are its organisation's alone (staff read
		// them once submitted: see below).
		viewers := map[webtest.Principal]int{webtest.Anon: 303, webtest.Admin: 404, webtest.ProgramOfficer: 404,
			webtest.FinanceOfficer: 404, webtest.ApplicantA: 200, webtest.ApplicantB: 404, webtest.Evaluator1: 404,
			webtest.Evaluator2: 404, webtest.DonorOfficer: 404}
		apiViewers := map[webtest.Principal]int{}
		for p, code := range viewers {
			apiViewers[p] = code
		}
		apiViewers[webtest.Anon] = 401
		onlyA := func(a int) map[webtest.Principal]int {
			return map[webtest.Principal]int{webtest.Anon: 401, webtest.ApplicantA: a, webtest.ApplicantB: 404}
		}
		link := url.Values{"link_doc_type": {"statute"}, "vault_document_id": {itoa(docID)}}
		ae.CheckMatrix(t, []webtest.Case{
			{Name: "page", Req: webtest.Request{Path: attPath(id)}, Want: viewers},
			{Name: "download", Req: webtest.Request{Path: att(0)}, Want: viewers},
			{Name: "add", Req: webtest.Request{Method: "POST", Path: attPath(id), Form: link}, Default: 403, Want: onlyA(303)},
			{Name: "remove", Req: webtest.Request{Method: "POST", Path: att(1) + "/delete", Form: url.Values{}}, Default: 403, Want: onlyA(303)},
			{Name: "api list", Req: webtest.Request{Path: "/api/v1" + attPath(id)}, Want: apiViewers},
			{Name: "api add", Req: webtest.Request{Method: "POST", Path: "/api/v1" + attPath(id),
				JSON: `{"vault_document_id":` + itoa(docID) + `,"doc_type":"other"}`}, Default: 403, Want: onlyA(201)},
			{Name: "api remove", Req: webtest.Request{Method: "DELETE", Path: "/api/v1" + att(2)}, Default: 403, Want: onlyA(204)},
		})
		if n := len(ae.attachmentsOf(t, webtest.ApplicantA, id)); n != 3 {
			t.Errorf("%d attachments after the matrix, want 3 (two removed, two added)", n)
		}
		markSubmitted(t, d, id)
		for p := range viewers {
			if p == webtest.Admin || p == webtest.ProgramOfficer || p == webtest.FinanceOfficer {
				viewers[p], apiViewers[p] = 200, 200
			}
		}
		ae.CheckMatrix(t, []webtest.Case{
			{Name: "page submitted", Req: webtest.Request{Path: attPath(id)}, Want: viewers},
			{Name: "download submitted", Req: webtest.Request{Path: att(0)}, Want: viewers},
			{Name: "api list submitted", Req: webtest.Request{Path: "/api/v1" + attPath(id)}, Want: apiViewers},
		})
	})
}
