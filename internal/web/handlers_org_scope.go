package web

import (
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/authz"
	"github.com/subgrant/portal/internal/org"
	"github.com/subgrant/portal/internal/upload"
)

// orgs is the organisation store on the server's database and clock.
func (s *Server) orgs() *org.Store { return &org.Store{DB: s.db, Now: s.now} }

// uploadMaxBytes is the per-file limit of PORTAL_UPLOAD_MAX_MB (10 MB when unset).
func (s *Server) uploadMaxBytes() int64 {
	mb := s.cfg.UploadMaxMB
	if mb <= 0 {
		mb = 10
	}
	return int64(mb) << 20
}

// uploadLimit is the body limit of upload routes: the file plus the other
// fields and the multipart framing.
func (s *Server) uploadLimit() int64 { return s.uploadMaxBytes() + 64<<10 }

// uploads is the store of uploaded files.
func (s *Server) uploads() *upload.Store {
	dir := s.cfg.UploadDir
	if dir == "" {
		dir = "./var/uploads"
	}
	return upload.New(dir, s.uploadMaxBytes())
}

// orgScope turns the relation granted at the route into the organisations
// the request may reach: all (any), the user's own (own_org), or those of
// an evaluator's readable assignments, applicants and partners (assigned).
func (s *Server) orgScope(c *gin.Context) (org.Scope, error) {
	switch scopeOf(c) {
	case authz.Any:
		return org.Everything(), nil
	case authz.OwnOrg:
		ids, err := s.accounts.OrgIDsOf(c.Request.Context(), currentUser(c).ID)
		if err != nil {
			return org.Scope{}, err
		}
		return org.Only(ids...), nil
	case authz.Assigned:
		ids, err := s.reviewStore().AssignedOrgIDs(c.Request.Context(), currentUser(c).ID)
		if err != nil {
			return org.Scope{}, err
		}
		return org.Only(ids...), nil
	}
	return org.Only(), nil
}

// orgProfile loads the profile named by :id within the request's scope,
// answering 404 (or 500) itself when it cannot.
func (s *Server) orgProfile(c *gin.Context) (org.Profile, org.Scope, bool) {
	sc, err := s.orgScope(c)
	if err != nil {
		s.fail(c, err)
		return org.Profile{}, sc, false
	}
	id, err := strconv.ParseInt(c.Param("id"), 10, 64)
	if err != nil {
		s.notFound(c)
		return org.Profile{}, sc, false
	}
	p, err := s.orgs().Get(c.Request.Context(), sc, id)
	if err != nil {
		s.respondError(c, err)
		return org.Profile{}, sc, false
	}
	return p, sc, true
}
