package application_test

import (
	"context"
	"testing"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/application/apptest"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/db/dbtest"
)

var statute = call.Document{Code: "statute", LabelSQ: "Statuti", LabelEN: "Statute"}

func fileOf(docType, stored string) application.Attachment {
	return application.Attachment{DocType: docType, FileName: "s.pdf", StoredName: stored, ContentType: "application/pdf",
		Size: 10, SHA256: "ab"}
}

// The rule names each missing required document; a vault copy counts only
// when still valid on the call's closing day (in the call's zone).
func TestDocumentsCompleteRule(t *testing.T) {
	closes := time.Date(2026, 3, 31, 22, 30, 0, 0, time.UTC) // 1 April 00:30 in Prishtinë
	c := call.Call{ClosesAt: &closes, TimeZone: "Europe/Belgrade"}
	day := func(y int, m time.Month, d int) *time.Time { t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC); return &t }
	keys := func(a application.Application) []string {
		var out []string
		for _, p := range application.Check(a, c, nil, nil, closes.Add(-time.Hour)) {
			if p.Field == "attachments.statute" {
				out = append(out, p.Key)
			}
		}
		return out
	}
	a := application.Application{RequiredDocuments: []call.Document{statute}}
	if got := keys(a); len(got) != 1 || got[0] != "attach.problem.missing" {
		t.Errorf("nothing attached: %v", got)
	}
	a.Attachments = []application.Attachment{fileOf("other", "")}
	if got := keys(a); len(got) != 1 || got[0] != "attach.problem.missing" {
		t.Errorf("only another type attached: %v", got)
	}
	old := fileOf("statute", "")
	old.ValidUntil = day(2026, 3, 31)
	a.Attachments = []application.Attachment{old}
	if got := keys(a); len(got) != 1 || got[0] != "attach.problem.expired" {
		t.Errorf("valid until the day before the closing day: %v", got)
	}
	ok := fileOf("statute", "")
	ok.ValidUntil = day(2026, 4, 1)
	a.Attachments = append(a.Attachments, ok)
	if got := keys(a); len(got) != 0 {
		t.Errorf("valid on the closing day: %v", got)
	}
	a.Attachments = []application.Attachment{fileOf("statute", "")}
	if got := keys(a); len(got) != 0 {
		t.Errorf("an upload without validity date: %v", got)
	}
}

// Attachments change on a draft, and after submission only through a
// request naming "attachments" (adding, never removing).
func TestAttachmentsFollowTheStatus(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := setup(t, d, apptest.Spec{})
		own, all := access.Orgs(e.org.ID), access.Everything()
		draft := e.draft(t, e.org.ID)
		if _, err := e.st.AddAttachment(ctx, draft.ID, own, e.user.ID, fileOf("passport", "0a")); apperr.As(err).Fields["doc_type"] != "attach.error.doc_type" {
			t.Errorf("unknown type: %v", err)
		}
		if _, err := e.st.AddAttachment(ctx, draft.ID, access.Orgs(e.org.ID+1000), e.user.ID, fileOf("other", "0b")); !apperr.Is(err, apperr.NotFound) {
			t.Errorf("another organisation: %v", err)
		}
		at, err := e.st.AddAttachment(ctx, draft.ID, own, e.user.ID, fileOf("other", "0c"))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.st.Attachment(ctx, draft.ID+1, at.ID, all); err == nil {
			t.Error("an attachment read through another application")
		}
		if _, err := e.st.RemoveAttachment(ctx, draft.ID, at.ID, own); err != nil {
			t.Errorf("remove from a draft: %v", err)
		}
		a := e.submitted(t)
		if _, err := e.st.AddAttachment(ctx, a.ID, own, e.user.ID, fileOf("other", "0d")); apperr.As(err).Key != "attach.error.locked" {
			t.Errorf("add after submission: %v", err)
		}
		if _, err := e.st.Ask(ctx, a.ID, all, e.user.ID, []application.Question{{Text: "Budget?", Sections: []string{"budget"}}}, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := e.st.AddAttachment(ctx, a.ID, own, e.user.ID, fileOf("other", "0e")); apperr.As(err).Key != "screening.error.section_locked" {
			t.Errorf("add under a request without attachments: %v", err)
		}
		if _, err := db.Exec(ctx, d, `UPDATE info_request_questions SET sections = 'attachments'`); err != nil {
			t.Fatal(err)
		}
		at, err = e.st.AddAttachment(ctx, a.ID, own, e.user.ID, fileOf("other", "0f"))
		if err != nil {
			t.Fatalf("add under a request naming attachments: %v", err)
		}
		if _, err := e.st.RemoveAttachment(ctx, a.ID, at.ID, own); apperr.As(err).Key != "attach.error.remove_draft_only" {
			t.Errorf("remove under a request: %v", err)
		}
		if got, _ := e.st.Get(ctx, a.ID, all); len(got.Attachments) != 1 || got.Attachments[0].StoredName != "0f" {
			t.Errorf("attachments %+v", got.Attachments)
		}
	})
}
