package web

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/importer"
	"github.com/subgrant/portal/internal/notify"
	"github.com/subgrant/portal/internal/org"
	"github.com/subgrant/portal/internal/place"
)

// importProblem is one problem as the report lists it.
type importProblem struct {
	Row             int
	Column, Message string
}

// importPreview is one row to be imported as the check shows it.
type importPreview struct {
	Row               int
	Name, ID, Place   string
	Email, Lang, Kind string
}

type importCheckData struct {
	importFormData
	Res      importer.Result
	Problems []importProblem
	Preview  []importPreview
}

func (s *Server) importCheckOf(p *Page, k importer.Kind, res importer.Result) importCheckData {
	d := importCheckData{importFormData: s.importFormOf(p, k), Res: res}
	for _, pr := range res.Problems {
		v := importProblem{Row: pr.Row, Message: p.T(pr.Key, pr.Args...)}
		if pr.Column != "" {
			v.Column = p.T("import.col." + pr.Column)
		}
		if pr.Col > 0 {
			if v.Column != "" {
				v.Column = importer.ColumnLetter(pr.Col) + " (" + v.Column + ")"
			} else {
				v.Column = importer.ColumnLetter(pr.Col)
			}
		}
		d.Problems = append(d.Problems, v)
	}
	for _, o := range res.Orgs {
		m, _ := place.Lookup(o.Municipality)
		d.Preview = append(d.Preview, importPreview{Row: o.Row, Name: o.Name, ID: o.RegistrationNumber,
			Place: p.Lang.Script(m.Name(string(p.Lang.Base()))), Email: o.ContactEmail, Lang: p.T("import.lang." + o.ContactLang),
			Kind: p.T("import.kind." + o.Kind)})
	}
	for _, e := range res.Evaluators {
		d.Preview = append(d.Preview, importPreview{Row: e.Row, Name: e.Name, Email: e.Email, Lang: p.T("import.lang." + e.Lang)})
	}
	return d
}

// importCheck reads the uploaded file and shows every problem by row and
// column (422), or the rows it would import with a button to confirm.
// Nothing is imported here.
func (s *Server) importCheck(c *gin.Context) {
	k, ok := s.importKind(c)
	if !ok {
		return
	}
	p := importPage(s, c, k)
	name, b, status, key := readImportFile(c)
	var res importer.Result
	if key == "" {
		var err error
		res, err = s.importStore().Upload(c.Request.Context(), currentUser(c).ID, k, name, b, p.Lang.Base())
		if key = importer.FileKey(err); err != nil && key == "" {
			s.fail(c, err)
			return
		}
		status = http.StatusUnprocessableEntity
	}
	if key != "" {
		p.Form.Errors.Add("file", key)
		p.Data = s.importFormOf(p, k)
		s.render(c, status, "import/form", p)
		return
	}
	s.renderImportCheck(c, p, k, res, http.StatusUnprocessableEntity)
}

// renderImportCheck shows the check: 200 for a clean file, else the
// problems with status bad (422 for an upload, 409 for a confirmation
// the database overtook).
func (s *Server) renderImportCheck(c *gin.Context, p *Page, k importer.Kind, res importer.Result, bad int) {
	status := http.StatusOK
	if !res.Clean() {
		status = bad
		p.Form.Errors.Add("problems", "import.error.summary")
	}
	p.Data = s.importCheckOf(p, k, res)
	s.render(c, status, "import/check", p)
}

// importRun imports the checked file: all its rows in one transaction, or
// none and the problems found (409) when the database changed since the
// check.
func (s *Server) importRun(c *gin.Context) {
	k, ok := s.importKind(c)
	if !ok || !s.parseForm(c) {
		return
	}
	id, err := strconv.ParseInt(postValue(c, "file"), 10, 64)
	if err != nil || id <= 0 {
		s.respondError(c, apperr.New(apperr.NotFound, "error.not_found"))
		return
	}
	p := importPage(s, c, k)
	u := currentUser(c)
	res, err := s.importStore().Import(c.Request.Context(), u.ID, k, id, p.Lang.Base(), s.importMail(u.Name))
	if err != nil {
		s.respondError(c, err)
		return
	}
	if !res.Clean() {
		s.renderImportCheck(c, p, k, res, http.StatusConflict)
		return
	}
	s.setFlash(c, importDone[k])
	if k == importer.Organisations {
		c.Redirect(http.StatusSeeOther, "/organisations")
		return
	}
	c.Redirect(http.StatusSeeOther, "/import/"+string(k))
}

// importDone is the flash message after an import of each kind.
var importDone = map[importer.Kind]string{
	importer.Organisations: "import.flash.done_organisations",
	importer.Evaluators:    "import.flash.done_evaluators",
}

// importMail writes the invitations in each invitee's language: the
// organisation's invitation of the members page, and for an evaluator
// the link that sets a password.
func (s *Server) importMail(inviter string) importer.Mail {
	base, invite := s.cfg.PublicBaseURL(), s.invitationMail(inviter)
	return importer.Mail{
		Org: func(token string, inv org.Invitation, _ string) notify.Message { return invite(token, inv) },
		Evaluator: func(token string, e importer.Evaluator) notify.Message {
			l, _ := i18n.ParseLang(e.Lang)
			link := base + "/password/reset?token=" + url.QueryEscape(token)
			return notify.Message{To: e.Email, Subject: s.cat.T(l, "import.mail.evaluator_subject"),
				Body: s.cat.T(l, "import.mail.evaluator_body", "name", e.Name, "inviter", inviter, "link", link, "days", int(auth.InviteTTL.Hours()/24))}
		},
	}
}

// readImportFile reads the "file" part of a multipart body, at most
// importer.MaxBytes: its name and bytes, or the status and catalogue key
// of what is wrong.
func readImportFile(c *gin.Context) (string, []byte, int, string) {
	mr, err := c.Request.MultipartReader()
	if err != nil {
		return "", nil, http.StatusUnprocessableEntity, "import.error.no_file"
	}
	var mbe *http.MaxBytesError
	for {
		part, err := mr.NextPart()
		switch {
		case errors.As(err, &mbe):
			return "", nil, http.StatusRequestEntityTooLarge, importer.ErrTooLarge.Error()
		case err != nil:
			return "", nil, http.StatusUnprocessableEntity, "import.error.no_file"
		}
		if part.FormName() != "file" {
			continue
		}
		b, err := io.ReadAll(io.LimitReader(part, importer.MaxBytes+1))
		switch {
		case errors.As(err, &mbe) || len(b) > importer.MaxBytes:
			return "", nil, http.StatusRequestEntityTooLarge, importer.ErrTooLarge.Error()
		case err != nil || len(b) == 0:
			return "", nil, http.StatusUnprocessableEntity, "import.error.no_file"
		}
		return part.FileName(), b, http.StatusOK, ""
	}
}
