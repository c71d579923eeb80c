package web

import (
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/award"
	"github.com/subgrant/portal/internal/bulk"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/config"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/grant"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/opendata"
	"github.com/subgrant/portal/internal/org"
	"github.com/subgrant/portal/internal/payment"
	"github.com/subgrant/portal/internal/programme"
	"github.com/subgrant/portal/internal/reporting"
	"github.com/subgrant/portal/internal/review"
	"github.com/subgrant/portal/internal/upload"
)

// Stores are the domain stores the handlers use, built once at start-up
// (by main through NewStores, or by New when Deps.Stores is nil) and shared
// by every request: they hold only handles, the clock and data read once.
type Stores struct {
	Apps       *application.Store
	Orgs       *org.Store
	Programmes *programme.Store
	Calls      *call.Store
	Reviews    *review.Store
	Awards     *award.Store
	Uploads    *upload.Store
	Reports    *reporting.Store // grantee reports (issue 9)
	Grants     *grant.Store     // grant agreements (issue 9)
	Payments   *payment.Store   // payment requests, the ledger and exchange rates (issue 9)
	OpenData   *opendata.Store  // IATI and 360Giving exports (issue 10)
	Bulk       *bulk.Store      // bulk actions on selected rows (issue 12)
}

// NewStores builds the stores on d with the clock now (db.Now when nil),
// the embedded catalogue and donor profiles, and cfg's upload folder and
// limit.
func NewStores(d *db.DB, cfg config.Config, now func() time.Time) (Stores, error) {
	cat, err := i18n.Load()
	if err != nil {
		return Stores{}, err
	}
	profiles, err := donor.Load()
	if err != nil {
		return Stores{}, err
	}
	return newStores(d, cfg, now, cat, profiles), nil
}

func newStores(d *db.DB, cfg config.Config, now func() time.Time, cat *i18n.Catalogue, profiles donor.Profiles) Stores {
	if now == nil {
		now = db.Now
	}
	st := Stores{
		Apps:       application.NewStore(d, profiles, cat),
		Orgs:       &org.Store{DB: d},
		Programmes: programme.NewStore(d),
		Calls:      call.NewStore(d),
		Reviews:    review.NewStore(d, profiles),
		Uploads:    upload.New(uploadDir(cfg), maxUploadBytes(cfg)),
	}
	st.Reviews.Cat, st.Reviews.BaseURL = cat, cfg.PublicBaseURL() // assignment notices (issue 12)
	st.Awards = award.NewStore(d, st.Reviews, cat)
	st.Awards.Issuer = issuerOf(st.Orgs, st.Uploads)
	st.Reports = reporting.NewStore(d, profiles)
	st.Grants = grant.NewStore(d, profiles)
	st.Payments = &payment.Store{DB: d}
	st.OpenData = opendata.NewStore(d)
	// The notices of agreements, amendments, payment requests and report
	// decisions (issue 12) are written in each recipient's language.
	st.Grants.Cat, st.Payments.Cat, st.Reports.Cat = cat, cat, cat
	// A signed agreement owes its reports: the calendar is created in the
	// signing transaction, so a grant is never signed without it.
	st.Grants.OnSigned = st.Reports.CreateCalendar
	st.Bulk = bulk.NewStore(d, map[string]bulk.Action{bulk.KindScreening: bulk.ScreeningAction(st.Apps),
		bulk.KindAssign: bulk.AssignAction(st.Apps, st.Reviews), bulk.KindLetters: bulk.LettersAction(st.Awards),
		bulk.KindRemind:     bulk.RemindAction(st.Apps, st.Reviews, cat, cfg.PublicBaseURL()),
		bulk.KindAgreements: bulk.AgreementsAction(st.Apps, st.Grants)})
	st.setClock(now)
	return st
}

// setClock makes now the clock of every store (tests move the server's).
func (st Stores) setClock(now func() time.Time) {
	st.Apps.Now, st.Orgs.Now, st.Programmes.Now, st.Calls.Now, st.Reviews.Now, st.Awards.Now = now, now, now, now, now, now
	if st.Reports != nil {
		st.Reports.Now = now
	}
	if st.Payments != nil {
		st.Payments.Now = now
	}
	if st.Grants != nil {
		st.Grants.Now = now
	}
	if st.OpenData != nil {
		st.OpenData.Now = now
	}
	if st.Bulk != nil {
		st.Bulk.Now = now
	}
}

// The store accessors: every area reaches the shared stores through these.
func (s *Server) applicationStore() *application.Store { return s.stores.Apps }
func (s *Server) orgs() *org.Store                     { return s.stores.Orgs }
func (s *Server) programmeStore() *programme.Store     { return s.stores.Programmes }
func (s *Server) callStore() *call.Store               { return s.stores.Calls }
func (s *Server) reviewStore() *review.Store           { return s.stores.Reviews }
func (s *Server) awardStore() *award.Store             { return s.stores.Awards }
func (s *Server) uploads() *upload.Store               { return s.stores.Uploads }
func (s *Server) reportStore() *reporting.Store        { return s.stores.Reports }
func (s *Server) grantStore() *grant.Store             { return s.stores.Grants }
func (s *Server) payments() *payment.Store             { return s.stores.Payments }
func (s *Server) openDataStore() *opendata.Store       { return s.stores.OpenData }
func (s *Server) bulkStore() *bulk.Store               { return s.stores.Bulk }

// uploadMaxBytes is the per-file limit of the server's configuration.
func (s *Server) uploadMaxBytes() int64 { return maxUploadBytes(s.cfg) }

// uploadLimit is the body limit of upload routes: the file plus the other
// fields and the multipart framing.
func (s *Server) uploadLimit() int64 { return s.uploadMaxBytes() + 64<<10 }

// uploadDir is PORTAL_UPLOAD_DIR (./var/uploads when unset).
func uploadDir(cfg config.Config) string {
	if cfg.UploadDir == "" {
		return "./var/uploads"
	}
	return cfg.UploadDir
}

// maxUploadBytes is the per-file limit of PORTAL_UPLOAD_MAX_MB (10 MB when unset).
func maxUploadBytes(cfg config.Config) int64 {
	mb := cfg.UploadMaxMB
	if mb <= 0 {
		mb = 10
	}
	return int64(mb) << 20
}

// grantOfApplication is the agreement of application appID when sc
// reaches it (nil otherwise): the application page links it.
func (s *Server) grantOfApplication(c *gin.Context, appID int64, sc access.Scope) *grant.Agreement {
	g, err := s.grantStore().ByApplication(c.Request.Context(), appID, sc)
	if err != nil {
		return nil
	}
	return &g
}
