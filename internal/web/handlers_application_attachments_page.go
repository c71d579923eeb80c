package web

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/i18n"
)

// attachFields are the fields of the two forms of the page, in page order.
var attachFields = []string{"doc_type", "file", "link_doc_type", "vault_document_id", "form"}

// attachmentView is one attachment as the page lists it.
type attachmentView struct {
	application.Attachment
	TypeLabel                  i18n.Shown
	Uploaded, ValidUntil, Href string
	FromVault                  bool
}

// requiredView is one document the call requires, with whether it is there.
type requiredView struct {
	ID      string
	Label   i18n.Shown
	Problem string
}

// attachmentsData is the page data of an application's attachments.
type attachmentsData struct {
	App       application.Application
	Call      callView
	Nav       []sectionLink
	Items     []attachmentView
	Required  []requiredView
	CanEdit   bool // the user may add files now
	CanRemove bool // a draft: files may be removed
	Locked    string
	MaxMB     int64
	Vault     bool
	Fields    map[string]FieldView
}

// attachmentsPage lists an application's attachments; its applicant gets
// the forms while the application may change.
func (s *Server) attachmentsPage(c *gin.Context) {
	ac, ok := s.loadApp(c)
	if !ok {
		return
	}
	p := s.newPage(c, "attach.title")
	newForm(p, attachFields...)
	s.renderAttachments(c, http.StatusOK, p, ac)
}

// renderAttachments shows the page with p's form values and errors.
func (s *Server) renderAttachments(c *gin.Context, status int, p *Page, ac *appCtx) {
	lang := p.Lang
	p.Title = p.T("attach.title") + " – " + titleOr(p, ac.app.Title)
	d := attachmentsData{App: ac.app, Call: s.viewOf(p, ac.call, ac.lots), MaxMB: s.uploadMaxBytes() >> 20,
		Fields: map[string]FieldView{}}
	ac.steps(p)
	_, err := ac.st.AttachmentsWritable(c.Request.Context(), ac.app.ID, ac.sc)
	switch {
	case err == nil:
		d.CanEdit, d.CanRemove = true, ac.app.Editable()
	case ac.sc.CanWriteFor(ac.app.OrgID) && apperr.Is(err, apperr.Conflict):
		d.Locked = p.T(apperr.As(err).Key)
	}
	if d.CanEdit {
		for _, k := range appSections {
			d.Nav = append(d.Nav, sectionLink{Href: sectionHref(ac.app.ID, k), Label: p.T("apppages.section." + k), Current: k == "attachments"})
		}
		if err := s.attachForms(c, p, ac, &d); err != nil {
			s.fail(c, err)
			return
		}
	}
	labels := map[string]i18n.Shown{application.OtherDocument: {Text: p.T("attach.type.other"), Lang: lang, Reader: lang}}
	for _, doc := range ac.app.RequiredDocuments {
		labels[doc.Code] = doc.Labels().In(lang)
	}
	for _, at := range ac.app.Attachments {
		v := attachmentView{Attachment: at, TypeLabel: labels[at.DocType], FromVault: at.VaultDocumentID != nil,
			Uploaded: i18n.DateTime(lang, at.CreatedAt, ac.call.Location()),
			Href:     appPath(ac.app.ID, "/attachments/"+strconv.FormatInt(at.ID, 10))}
		if at.ValidUntil != nil {
			v.ValidUntil = p.Date(*at.ValidUntil)
		}
		d.Items = append(d.Items, v)
	}
	problems := map[string]string{}
	for _, pr := range application.Check(ac.app, ac.call, ac.lots, ac.profile, s.now()) {
		if strings.HasPrefix(pr.Field, "attachments.") {
			problems[strings.TrimPrefix(pr.Field, "attachments.")] = s.problemMessage(lang, pr)
		}
	}
	for _, doc := range ac.app.RequiredDocuments {
		d.Required = append(d.Required, requiredView{ID: fieldID("attachments_" + doc.Code), Label: doc.Labels().In(lang),
			Problem: problems[doc.Code]})
	}
	p.Data = d
	s.render(c, status, "applications/attachments", p)
}

// attachForms builds the selects of both forms: the call's document types
// and the organisation's vault.
func (s *Server) attachForms(c *gin.Context, p *Page, ac *appCtx, d *attachmentsData) error {
	docs, err := s.orgs().Documents(c.Request.Context(), access.Orgs(ac.app.OrgID), ac.app.OrgID)
	if err != nil {
		return err
	}
	d.Vault = len(docs) > 0
	d.Fields["file"] = p.Form.Field("file", "file", "attach.field.file", "required")
	for _, name := range []string{"doc_type", "link_doc_type"} {
		v := p.Form.Field(name, "select", "attach.field.doc_type")
		for _, doc := range ac.app.RequiredDocuments {
			v.Options = append(v.Options, shownOption(doc.Code, doc.Labels().In(p.Lang), p.Form.Values[name] == doc.Code))
		}
		v.Options = append(v.Options, OptionView{Value: application.OtherDocument, Label: p.T("attach.type.other"),
			Selected: p.Form.Values[name] == application.OtherDocument})
		d.Fields[name] = v
	}
	v := p.Form.Field("vault_document_id", "select", "attach.field.vault_document")
	for _, doc := range docs {
		label := p.T("org.doc."+doc.Type) + ": " + doc.FileName
		if doc.ValidUntil != nil {
			label += " (" + p.T("attach.valid_until", "date", p.Date(*doc.ValidUntil)) + ")"
		}
		id := strconv.FormatInt(doc.ID, 10)
		v.Options = append(v.Options, OptionView{Value: id, Label: label, Selected: p.Form.Values["vault_document_id"] == id})
	}
	d.Fields["vault_document_id"] = v
	return nil
}

// addAttachment takes an upload (multipart: doc_type, file) or a vault
// document (urlencoded: link_doc_type, vault_document_id): 413, 415 or 422
// with the message beside the field; a locked application leads back to
// the page with a flash.
func (s *Server) addAttachment(c *gin.Context) {
	ac, ok := s.loadApp(c)
	if !ok {
		return
	}
	if !s.attachAllowed(c, ac) {
		return
	}
	var in attachIn
	var err error
	if strings.HasPrefix(c.ContentType(), "multipart/") {
		in, err = s.readAttachmentParts(c)
	} else if s.parseForm(c) {
		in = attachIn{DocType: postValue(c, "link_doc_type"), DocField: "link_doc_type", Link: true,
			VaultID: postValue(c, "vault_document_id")}
	} else {
		return
	}
	var mbe *http.MaxBytesError
	if err != nil {
		s.discard(in.File)
		if errors.As(err, &mbe) {
			s.tooLarge(c)
		} else {
			s.fail(c, err)
		}
		return
	}
	_, status, err := s.attach(c, ac, in)
	switch {
	case err == nil:
		s.setFlash(c, "attach.flash.added")
		c.Redirect(http.StatusSeeOther, sectionHref(ac.app.ID, "attachments"))
	case apperr.Is(err, apperr.Conflict):
		s.setFlash(c, apperr.As(err).Key)
		c.Redirect(http.StatusSeeOther, sectionHref(ac.app.ID, "attachments"))
	case len(apperr.As(err).Fields) > 0:
		p := s.newPage(c, "attach.title")
		f := newForm(p, attachFields...)
		f.Values[in.DocField] = in.DocType
		f.Values["vault_document_id"] = in.VaultID
		f.setError(err)
		s.renderAttachments(c, status, p, ac)
	default:
		s.respondError(c, err)
	}
}

// attachAllowed answers for an application whose attachments may not
// change now: 403 for a reader, back to the page with a flash once locked.
func (s *Server) attachAllowed(c *gin.Context, ac *appCtx) bool {
	_, err := ac.st.AttachmentsWritable(c.Request.Context(), ac.app.ID, ac.sc)
	switch {
	case err == nil:
		return true
	case apperr.Is(err, apperr.Conflict) && !isAPI(c):
		s.setFlash(c, apperr.As(err).Key)
		c.Redirect(http.StatusSeeOther, sectionHref(ac.app.ID, "attachments"))
	default:
		s.respondError(c, err)
	}
	return false
}

// removeAttachment deletes an attachment of a draft and its file.
func (s *Server) removeAttachment(c *gin.Context) {
	ac, at, ok := s.loadAttachment(c)
	if !ok || !s.attachAllowed(c, ac) {
		return
	}
	at, err := ac.st.RemoveAttachment(c.Request.Context(), ac.app.ID, at.ID, ac.sc)
	switch {
	case err == nil:
		if err := s.uploads().Remove(at.StoredName); err != nil {
			s.log.Warn("remove attachment file", "request_id", requestID(c), "error", err.Error())
		}
		s.setFlash(c, "attach.flash.removed")
	case apperr.Is(err, apperr.Conflict):
		s.setFlash(c, apperr.As(err).Key)
	default:
		s.respondError(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, sectionHref(ac.app.ID, "attachments"))
}
