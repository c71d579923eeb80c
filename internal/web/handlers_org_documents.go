package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/org"
	"github.com/subgrant/portal/internal/upload"
)

type orgDocumentsData struct {
	P       org.Profile
	Docs    []org.Document
	CanEdit bool
	MaxMB   int64
	Types   []string
}

var docFields = []string{"doc_type", "valid_until", "file"}

func (s *Server) orgDocuments(c *gin.Context) {
	prof, sc, ok := s.orgProfile(c)
	if !ok {
		return
	}
	p := s.newPage(c, "org.documents_title")
	orgSteps(p, prof, false)
	newForm(p, docFields...)
	s.renderDocuments(c, http.StatusOK, p, prof, sc)
}

func (s *Server) renderDocuments(c *gin.Context, status int, p *Page, prof org.Profile, sc access.Scope) {
	docs, err := s.orgs().Documents(c.Request.Context(), sc, prof.OrgID)
	if err != nil {
		s.fail(c, err)
		return
	}
	p.Data = orgDocumentsData{P: prof, Docs: docs, CanEdit: p.Can("organisation", "edit"),
		MaxMB: s.uploadMaxBytes() >> 20, Types: org.DocumentTypes}
	s.render(c, status, "organisations/documents", p)
}

// docUpload is what a multipart upload carried.
type docUpload struct {
	Type, ValidUntil string
	File             *upload.File
	FileErr          error
}

// readDocUpload streams the multipart body: small fields are read with a
// cap and the file goes straight to the upload store, never into memory.
func (s *Server) readDocUpload(c *gin.Context) (docUpload, error) {
	form, err := s.readUploadForm(c, "doc_type", "valid_until")
	u := docUpload{Type: form.Values["doc_type"], ValidUntil: form.Values["valid_until"], File: form.File, FileErr: form.FileErr}
	if form.NoForm {
		u.FileErr = errors.New("missing")
	}
	return u, err
}

// orgUpload adds a document to the vault: 413 when too large, 415 when the
// type is not allowed, 422 for other field errors, each beside its field.
func (s *Server) orgUpload(c *gin.Context) {
	prof, sc, ok := s.orgProfile(c)
	if !ok {
		return
	}
	u, err := s.readDocUpload(c)
	if u.File != nil && (err != nil || u.FileErr != nil) {
		_ = s.uploads().Remove(u.File.StoredName)
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		s.tooLarge(c)
		return
	}
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.newPage(c, "org.documents_title")
	orgSteps(p, prof, false)
	f := newForm(p, docFields...)
	f.Values["doc_type"], f.Values["valid_until"] = u.Type, u.ValidUntil
	fe := apperr.FieldErrors{}
	validUntil := orgFormDate(fe, "valid_until", u.ValidUntil)
	if err := org.CheckDocument(u.Type, validUntil); err != nil {
		for k, v := range apperr.As(err).Fields {
			fe.Add(k, v)
		}
	}
	status, refused := fileRefusal(fe, u.FileErr)
	if !refused && u.File == nil {
		fe.Add("file", upload.KeyMissing)
	}
	if len(fe) > 0 {
		if u.File != nil {
			_ = s.uploads().Remove(u.File.StoredName)
		}
		f.setError(fe.Err())
		s.renderDocuments(c, status, p, prof, sc)
		return
	}
	uid := currentUser(c).ID
	_, err = s.orgs().AddDocument(c.Request.Context(), sc, org.Document{OrgID: prof.OrgID, Type: u.Type,
		FileName: u.File.DisplayName, StoredName: u.File.StoredName, ContentType: u.File.ContentType,
		Size: u.File.Size, SHA256: u.File.SHA256, ValidUntil: validUntil, UploadedBy: &uid})
	if err != nil {
		_ = s.uploads().Remove(u.File.StoredName)
		s.respondError(c, err)
		return
	}
	s.setFlash(c, "org.doc.uploaded_done")
	c.Redirect(http.StatusSeeOther, "/organisations/"+strconv.FormatInt(prof.OrgID, 10)+"/documents")
}

// orgDocument loads :doc of the organisation :id within scope, or answers 404.
func (s *Server) orgDocument(c *gin.Context, del bool) (org.Document, bool) {
	prof, sc, ok := s.orgProfile(c)
	if !ok {
		return org.Document{}, false
	}
	docID, err := strconv.ParseInt(c.Param("doc"), 10, 64)
	if err != nil {
		s.notFound(c)
		return org.Document{}, false
	}
	var d org.Document
	if del {
		d, err = s.orgs().DeleteDocument(c.Request.Context(), sc, prof.OrgID, docID)
	} else {
		d, err = s.orgs().Document(c.Request.Context(), sc, prof.OrgID, docID)
	}
	if err != nil {
		s.respondError(c, err)
		return org.Document{}, false
	}
	return d, true
}

// orgDownload sends a document as an attachment that a browser will not
// render or sniff, under its sanitised display name.
func (s *Server) orgDownload(c *gin.Context) {
	d, ok := s.orgDocument(c, false)
	if !ok {
		return
	}
	f, err := s.uploads().Open(d.StoredName)
	if err != nil {
		s.fail(c, err)
		return
	}
	defer f.Close()
	c.Header("Content-Disposition", upload.ContentDisposition(d.FileName))
	c.Header("Content-Security-Policy", "default-src 'none'; sandbox")
	c.Header("X-Content-Type-Options", "nosniff")
	c.DataFromReader(http.StatusOK, d.Size, d.ContentType, f, nil)
}

func (s *Server) orgDeleteDocument(c *gin.Context) {
	d, ok := s.orgDocument(c, true)
	if !ok {
		return
	}
	if err := s.uploads().Remove(d.StoredName); err != nil {
		s.log.Warn("remove uploaded file", "request_id", requestID(c), "error", err.Error())
	}
	s.setFlash(c, "org.doc.deleted")
	c.Redirect(http.StatusSeeOther, "/organisations/"+strconv.FormatInt(d.OrgID, 10)+"/documents")
}
