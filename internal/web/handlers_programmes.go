package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/programme"
	"github.com/subgrant/portal/internal/report"
)

type programmesData struct {
	Programmes []programme.Programme
}

func (s *Server) programmesPage(c *gin.Context) {
	sc := requestScope(c)
	list, err := s.programmeStore().List(c.Request.Context(), sc)
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.newPage(c, "programmes.title")
	p.Data = programmesData{Programmes: list}
	s.render(c, http.StatusOK, "programmes/list", p)
}

type programmeData struct {
	Programme programme.Programme
	Calls     []callView
	Profile   string
	// SignedGrants counts the agreements the open-data files list (for
	// the roles that may download them): 360Giving needs one.
	SignedGrants int
	Reports      reportLinks // the programme's reports the user may download
}

// programmeOf loads the programme of the route's :id within the user's
// scope; otherwise it has answered (404 outside the scope) and reports false.
func (s *Server) programmeOf(c *gin.Context) (programme.Programme, bool) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return programme.Programme{}, false
	}
	sc := requestScope(c)
	prog, err := s.programmeStore().ByID(c.Request.Context(), id, sc)
	if err != nil {
		s.respondError(c, err)
		return prog, false
	}
	return prog, true
}

func (s *Server) programmePage(c *gin.Context) {
	prog, ok := s.programmeOf(c)
	if !ok {
		return
	}
	calls, err := s.callStore().List(c.Request.Context(), requestScope(c), call.Filter{ProgrammeID: prog.ID})
	if err != nil {
		s.fail(c, err)
		return
	}
	p := s.newPage(c, "programmes.detail_title")
	p.Step("nav.programmes", "/programmes")
	p.Title = prog.Title
	d := programmeData{Programme: prog, Profile: prog.DonorProfile, Reports: s.reportLinksFor(c, p, report.Programme, prog.ID)}
	for _, cl := range calls {
		d.Calls = append(d.Calls, s.viewOf(p, cl, nil))
	}
	if pr, ok := s.profiles[prog.DonorProfile]; ok {
		d.Profile = pr.Name.In(string(p.Lang))
	}
	if p.Can("export", "view") {
		if d.SignedGrants, err = s.openDataStore().Published(c.Request.Context(), prog.ID, requestScope(c)); err != nil {
			s.fail(c, err)
			return
		}
	}
	p.Data = d
	s.render(c, http.StatusOK, "programmes/detail", p)
}

func (s *Server) newProgrammeForm(c *gin.Context) {
	s.renderProgrammeForm(c, http.StatusOK, 0, programme.Form{DonorProfile: "eu"}, nil)
}

func (s *Server) editProgrammeForm(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	prog, err := s.programmeStore().ByID(c.Request.Context(), id, requestScope(c))
	if err != nil {
		s.respondError(c, err)
		return
	}
	s.renderProgrammeForm(c, http.StatusOK, id, programme.FormOf(prog, string(s.lang(c))), nil)
}

func (s *Server) createProgramme(c *gin.Context) { s.saveProgramme(c, 0) }

func (s *Server) updateProgramme(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	s.saveProgramme(c, id)
}

// saveProgramme creates (id 0) or updates a programme; "add a row" buttons
// show the form again with one more row and save nothing.
func (s *Server) saveProgramme(c *gin.Context, id int64) {
	if !s.parseForm(c) {
		return
	}
	f, add := programmeFormFrom(c)
	if add != "" {
		s.renderProgrammeForm(c, http.StatusOK, id, f, nil)
		return
	}
	in, err := f.Parse(string(s.lang(c)), s.profiles)
	if err == nil {
		var prog programme.Programme
		st := s.programmeStore()
		if id == 0 {
			prog, err = st.Create(c.Request.Context(), in)
		} else {
			prog, err = st.Update(c.Request.Context(), id, in)
		}
		if err == nil {
			s.setFlash(c, "programmes.saved")
			c.Redirect(http.StatusSeeOther, "/programmes/"+strconv.FormatInt(prog.ID, 10))
			return
		}
	}
	if apperr.CodeOf(err) != apperr.Invalid {
		s.respondError(c, err)
		return
	}
	s.renderProgrammeForm(c, http.StatusUnprocessableEntity, id, f, err)
}
