package web

import (
	"errors"
	"image"
	_ "image/jpeg" // logos may be JPEG
	_ "image/png"  // or PNG
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/org"
	"github.com/subgrant/portal/internal/upload"
)

// The letterhead page: the intermediary's address, contact, signatory and
// logo, which head the letters, reports and statements it issues.

type letterheadData struct {
	Issuer org.Issuer
	MaxKB  int64
}

var letterheadFields = []string{"address", "email", "phone", "rep_name", "rep_position", "file"}

// maxLogoPixels bounds a logo's width and height.
const maxLogoPixels = 4000

func (s *Server) letterheadPage(c *gin.Context) {
	is, err := s.orgs().Issuer(c.Request.Context())
	if err != nil {
		s.respondError(c, err)
		return
	}
	p := s.newPage(c, "org.letterhead.title")
	f := newForm(p, letterheadFields...)
	f.Values["address"], f.Values["email"], f.Values["phone"] = is.Address, is.Email, is.Phone
	f.Values["rep_name"], f.Values["rep_position"] = is.RepName, is.RepPosition
	s.renderLetterhead(c, http.StatusOK, p, is)
}

func (s *Server) renderLetterhead(c *gin.Context, status int, p *Page, is org.Issuer) {
	p.Data = letterheadData{Issuer: is, MaxKB: org.MaxLogoBytes >> 10}
	s.render(c, status, "organisations/letterhead", p)
}

// saveLetterhead is POST /letterhead (multipart): the fields, and a new
// logo when a file is sent. A logo must be a PNG or JPEG image (extension,
// magic bytes and a decodable header), at most org.MaxLogoBytes: 413 and
// 415 otherwise, the message beside the file field.
func (s *Server) saveLetterhead(c *gin.Context) {
	ctx := c.Request.Context()
	is, err := s.orgs().Issuer(ctx)
	if err != nil {
		s.respondError(c, err)
		return
	}
	form, err := s.readUploadForm(c, "address", "email", "phone", "rep_name", "rep_position")
	drop := func() {
		if form.File != nil {
			_ = s.uploads().Remove(form.File.StoredName)
		}
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		drop()
		s.tooLarge(c)
		return
	}
	if err != nil {
		drop()
		s.fail(c, err)
		return
	}
	p := s.newPage(c, "org.letterhead.title")
	f := newForm(p, letterheadFields...)
	for k, v := range form.Values {
		f.Values[k] = v
	}
	in := org.IssuerInput{Address: form.Values["address"], Email: form.Values["email"], Phone: form.Values["phone"],
		RepName: form.Values["rep_name"], RepPosition: form.Values["rep_position"]}
	fe := in.Validate()
	status, _ := fileRefusal(fe, form.FileErr)
	if form.File != nil {
		if st, key := s.checkLogo(form.File); key != "" {
			fe.Add("file", key)
			status = st
		}
	}
	if len(fe) > 0 {
		drop()
		f.setError(fe.Err())
		s.renderLetterhead(c, status, p, is)
		return
	}
	var logo *org.Logo
	if form.File != nil {
		logo = &org.Logo{StoredName: form.File.StoredName, ContentType: form.File.ContentType}
	}
	old, err := s.orgs().SaveIssuer(ctx, requestScope(c), in, logo)
	if err != nil {
		drop()
		if apperr.As(err).Code == apperr.Invalid {
			f.setError(err)
			s.renderLetterhead(c, http.StatusUnprocessableEntity, p, is)
			return
		}
		s.respondError(c, err)
		return
	}
	if old != "" {
		if err := s.uploads().Remove(old); err != nil {
			s.log.Warn("remove replaced logo", "request_id", requestID(c), "error", err.Error())
		}
	}
	s.setFlash(c, "org.letterhead.saved")
	c.Redirect(http.StatusSeeOther, "/letterhead")
}

// checkLogo refuses a stored file that is not a PNG or JPEG image of
// sensible size: the status and message key, or "" when it is fine.
func (s *Server) checkLogo(f *upload.File) (int, string) {
	if f.ContentType != "image/png" && f.ContentType != "image/jpeg" {
		return http.StatusUnsupportedMediaType, "org.error.logo_type"
	}
	if f.Size > org.MaxLogoBytes {
		return http.StatusRequestEntityTooLarge, "org.error.logo_size"
	}
	r, err := s.uploads().Open(f.StoredName)
	if err != nil {
		return http.StatusUnprocessableEntity, "org.error.logo_type"
	}
	defer r.Close()
	cfg, format, err := image.DecodeConfig(r)
	if err != nil || "image/"+format != f.ContentType || cfg.Width < 1 || cfg.Height < 1 ||
		cfg.Width > maxLogoPixels || cfg.Height > maxLogoPixels {
		return http.StatusUnsupportedMediaType, "org.error.logo_type"
	}
	return 0, ""
}

// letterheadLogo is GET /letterhead/logo: the logo as an image the page
// shows, never sniffed into anything else.
func (s *Server) letterheadLogo(c *gin.Context) {
	is, err := s.orgs().Issuer(c.Request.Context())
	if err != nil || is.LogoStored == "" || !strings.HasPrefix(is.LogoType, "image/") {
		s.notFound(c)
		return
	}
	f, err := s.uploads().Open(is.LogoStored)
	if err != nil {
		s.notFound(c)
		return
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("X-Content-Type-Options", "nosniff")
	c.Header("Content-Security-Policy", "default-src 'none'; sandbox")
	c.DataFromReader(http.StatusOK, st.Size(), is.LogoType, f, nil)
}
