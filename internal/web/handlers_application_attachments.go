package web

import (
	"errors"
	"net/http"
	"os"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/upload"
)

// sectionHref is the address of an editor section; attachments have a page
// of their own, because their forms are multipart.
func sectionHref(id int64, sec string) string {
	if sec == "attachments" {
		return appPath(id, "/attachments")
	}
	return appPath(id, "/edit/"+sec)
}

// attachIn is what a request to attach a file carried: an upload already
// streamed to the store (File, or the reason in FileErr), or the id of a
// vault document of the organisation.
type attachIn struct {
	DocType  string
	DocField string // the field a doc_type error is shown on
	Link     bool   // a vault document was chosen rather than a file sent
	VaultID  string
	File     *upload.File
	FileErr  error
}

// readAttachmentParts streams a multipart body: doc_type and
// vault_document_id with a cap, the file straight into the upload store.
// A MaxBytesError is returned as is (413).
func (s *Server) readAttachmentParts(c *gin.Context) (attachIn, error) {
	form, err := s.readUploadForm(c, "doc_type", "vault_document_id")
	in := attachIn{DocField: "doc_type", DocType: form.Values["doc_type"], VaultID: form.Values["vault_document_id"],
		File: form.File, FileErr: form.FileErr}
	in.Link = in.VaultID != ""
	return in, err
}

// discard removes an upload that will not be kept.
func (s *Server) discard(f *upload.File) {
	if f != nil {
		_ = s.uploads().Remove(f.StoredName)
	}
}

// attach validates in and records the attachment: the status and the error
// of a refusal (413, 415, 422 with field errors; 404, 409 from the domain),
// or 201. Nothing refused is left on disk.
func (s *Server) attach(c *gin.Context, ac *appCtx, in attachIn) (application.Attachment, int, error) {
	fe := apperr.FieldErrors{}
	if err := application.CheckAttachment(ac.app, in.DocType); err != nil {
		for k, v := range apperr.As(err).Fields {
			if k == "doc_type" {
				k = in.DocField
			}
			fe.Add(k, v)
		}
	}
	status, refused := fileRefusal(fe, in.FileErr)
	switch {
	case refused:
	case in.VaultID != "" && in.File != nil:
		fe.Add("vault_document_id", "attach.error.both")
	case in.Link && in.VaultID == "":
		fe.Add("vault_document_id", "attach.error.vault_document")
	case !in.Link && in.VaultID == "" && in.File == nil:
		fe.Add("file", upload.KeyMissing)
	}
	if len(fe) > 0 {
		s.discard(in.File)
		return application.Attachment{}, status, fe.Err()
	}
	at, err := s.vaultCopy(c, ac, in.VaultID)
	if err != nil {
		return at, statusOf(apperr.CodeOf(err)), err
	}
	if in.File != nil {
		at = application.Attachment{FileName: in.File.DisplayName, StoredName: in.File.StoredName,
			ContentType: in.File.ContentType, Size: in.File.Size, SHA256: in.File.SHA256}
	}
	at.DocType = in.DocType
	saved, err := ac.st.AddAttachment(c.Request.Context(), ac.app.ID, ac.sc, currentUser(c).ID, at)
	if err != nil {
		_ = s.uploads().Remove(at.StoredName)
		return saved, statusOf(apperr.CodeOf(err)), err
	}
	return saved, http.StatusCreated, nil
}

// vaultCopy copies a document of the application's organisation's vault
// into a file of its own (same content, same SHA-256); another
// organisation's id, or one that is not a number, is a field error.
func (s *Server) vaultCopy(c *gin.Context, ac *appCtx, raw string) (application.Attachment, error) {
	if raw == "" {
		return application.Attachment{}, nil
	}
	bad := apperr.Field("vault_document_id", "attach.error.vault_document")
	docID, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || docID <= 0 {
		return application.Attachment{}, bad
	}
	d, err := s.orgs().Document(c.Request.Context(), access.Orgs(ac.app.OrgID), ac.app.OrgID, docID)
	if apperr.Is(err, apperr.NotFound) {
		return application.Attachment{}, bad
	}
	if err != nil {
		return application.Attachment{}, err
	}
	src, err := s.uploads().Open(d.StoredName)
	if errors.Is(err, os.ErrNotExist) {
		return application.Attachment{}, bad
	}
	if err != nil {
		return application.Attachment{}, err
	}
	defer src.Close()
	f, err := s.uploads().Save(src, d.FileName)
	if err != nil {
		return application.Attachment{}, err
	}
	return application.Attachment{FileName: f.DisplayName, StoredName: f.StoredName, ContentType: f.ContentType,
		Size: f.Size, SHA256: f.SHA256, VaultDocumentID: &d.ID, ValidUntil: d.ValidUntil}, nil
}

// loadAttachment loads :att of the application :id within the scope.
func (s *Server) loadAttachment(c *gin.Context) (*appCtx, application.Attachment, bool) {
	ac, ok := s.loadApp(c)
	if !ok {
		return nil, application.Attachment{}, false
	}
	attID, ok := idParam(c, "att")
	if !ok {
		s.notFound(c)
		return nil, application.Attachment{}, false
	}
	at, err := ac.st.Attachment(c.Request.Context(), ac.app.ID, attID, ac.sc)
	if err != nil {
		s.respondError(c, err)
		return nil, at, false
	}
	return ac, at, true
}

// downloadAttachment sends an attachment that a browser will not render or
// sniff, under its sanitised display name.
func (s *Server) downloadAttachment(c *gin.Context) {
	_, at, ok := s.loadAttachment(c)
	if !ok {
		return
	}
	f, err := s.uploads().Open(at.StoredName)
	if errors.Is(err, os.ErrNotExist) {
		s.respondError(c, apperr.New(apperr.NotFound, "attach.error.file_missing"))
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	defer f.Close()
	c.Header("Content-Disposition", upload.ContentDisposition(at.FileName))
	c.Header("Content-Security-Policy", "default-src 'none'; sandbox")
	c.Header("X-Content-Type-Options", "nosniff")
	c.DataFromReader(http.StatusOK, at.Size, at.ContentType, f, nil)
}
