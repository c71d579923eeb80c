// Package web owns every HTTP handler, the one route table and rendering.
// Domain packages know nothing of HTTP; this package maps their errors to
// statuses and pages.
package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/auth"
	"github.com/subgrant/portal/internal/authz"
	"github.com/subgrant/portal/internal/config"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/findoc"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/report"
)

// Deps are the server's collaborators, built by main (or a test).
type Deps struct {
	Config  config.Config
	DB      *db.DB
	Log     *slog.Logger
	Authz   authz.Decider // nil: the embedded Casbin policy
	Now     func() time.Time
	Version string
	// ReportBackgroundRows is the size from which a report is offered as a
	// background job (0: report.BackgroundRows); tests lower it.
	ReportBackgroundRows int
	// Stores are the domain stores, built once (NewStores); nil: New
	// builds them on DB. Either way Now, when set, is their clock.
	Stores *Stores
}

// Server is the portal's HTTP application.
type Server struct {
	cfg      config.Config
	db       *db.DB
	log      *slog.Logger
	authz    authz.Decider
	cat      *i18n.Catalogue
	profiles donor.Profiles // donor rule profiles, read once from reports/
	pages    pageTemplates
	accounts *auth.Store
	acctLock *auth.Throttle
	ipLock   *auth.Throttle
	metrics  *metrics
	stores   Stores
	limits   *windowLimit     // requests per client a minute on the public register (kernel_ratelimit.go)
	reports  *report.Registry // the downloadable reports (issue 10)
	now      func() time.Time
	version  string
	engine   *gin.Engine
	openapi  []byte
	handler  http.Handler
}

// assets are what every server reads and none changes, all made from
// embedded files: the catalogue, the donor profiles, the OpenAPI document
// and the parsed templates (whose functions are pure). They are loaded
// once per process: the tests build hundreds of servers, and parsing the
// templates alone cost 40 ms a server under the race detector.
type assets struct {
	cat      *i18n.Catalogue
	profiles donor.Profiles
	spec     []byte
	pages    pageTemplates
}

var loadAssets = sync.OnceValues(func() (assets, error) {
	var a assets
	var err error
	if a.cat, err = i18n.Load(); err != nil {
		return a, err
	}
	if a.profiles, err = donor.Load(); err != nil {
		return a, err
	}
	if a.spec, err = buildOpenAPI(); err != nil {
		return a, err
	}
	a.pages, err = parseTemplates()
	return a, err
})

// New builds the server: catalogue, templates, policy and routes. It fails
// fast when any of them is broken.
func New(d Deps) (*Server, error) {
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	cat, profiles, spec, pages := a.cat, a.profiles, a.spec, a.pages
	if d.Authz == nil {
		e, err := authz.New()
		if err != nil {
			return nil, err
		}
		d.Authz = e
	}
	if d.Log == nil {
		d.Log = slog.New(slog.DiscardHandler)
	}
	var stores Stores
	switch {
	case d.Stores == nil:
		stores = newStores(d.DB, d.Config, d.Now, cat, profiles)
	case d.Now != nil:
		stores = *d.Stores
		stores.setClock(d.Now)
	default:
		stores = *d.Stores
	}
	if d.Now == nil {
		d.Now = db.Now
	}
	s := &Server{
		cfg: d.Config, db: d.DB, log: d.Log, authz: d.Authz, cat: cat, pages: pages,
		accounts: auth.NewStore(d.DB),
		acctLock: auth.NewThrottle(d.DB, 5),
		ipLock:   auth.NewThrottle(d.DB, 20),
		metrics:  newMetrics(),
		now:      d.Now,
		version:  d.Version,
		profiles: profiles,
		stores:   stores,
		openapi:  spec,
	}
	s.accounts.Now = d.Now
	s.limits = newWindowLimit(time.Minute, func() time.Time { return s.now() })
	s.reports = report.New(report.Deps{DB: d.DB, Cat: cat, Profiles: profiles, Awards: stores.Awards, Now: func() time.Time { return s.now() },
		Findoc: findoc.Stores{DB: d.DB, Programmes: stores.Programmes, Grants: stores.Grants, Payments: stores.Payments},
		Issuer: issuerOf(stores.Orgs, stores.Uploads), BackgroundRows: d.ReportBackgroundRows})
	s.acctLock.Now, s.ipLock.Now = d.Now, d.Now
	if err := s.buildEngine(); err != nil {
		return nil, err
	}
	return s, nil
}

// Handler is the whole application: headers and cross-origin protection
// wrap the router so that they cover 404s, static files and panics too.
func (s *Server) Handler() http.Handler { return s.handler }

// Engine exposes the router to tests that add routes of their own.
func (s *Server) Engine() *gin.Engine { return s.engine }

func (s *Server) buildEngine() error {
	if gin.Mode() != gin.TestMode {
		// gin's debug mode only prints its warning and the route table
		// (which is in routes.go); in development it hid the make run
		// banner's first lines, so every environment runs in release mode.
		gin.SetMode(gin.ReleaseMode)
	}
	e := gin.New()
	if err := e.SetTrustedProxies(s.cfg.TrustedProxies); err != nil {
		return fmt.Errorf("trusted proxies: %w", err)
	}
	e.RedirectTrailingSlash = false
	e.RedirectFixedPath = false
	e.HandleMethodNotAllowed = false
	e.ContextWithFallback = true // a store given c sees the request's context (the audit actor)
	e.Use(s.withRequestID, s.observe, s.recoverPanic, s.loadUser, s.requireEnrolment)
	e.NoRoute(s.notFound)
	for _, r := range s.routes() {
		e.Handle(r.Method, r.Path, s.guard(r), s.requireBodyType(r), r.Handler)
	}
	s.engine = e
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))
	s.handler = s.securityHeaders(cop.Handler(e))
	return nil
}

// Timeouts bound how long a client may take; tests shorten them.
type Timeouts struct {
	ReadHeader, Read, Write, Idle, Shutdown time.Duration
}

// DefaultTimeouts suit slow connections without letting a client hold a
// connection open by sending its headers slowly.
var DefaultTimeouts = Timeouts{ReadHeader: 10 * time.Second, Read: 2 * time.Minute, Write: 2 * time.Minute,
	Idle: 2 * time.Minute, Shutdown: 25 * time.Second}

// Serve listens on addr and serves until ctx ends, then shuts down gracefully.
func Serve(ctx context.Context, addr string, h http.Handler, log *slog.Logger) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return ServeListener(ctx, ln, h, log, DefaultTimeouts)
}

// ServeListener serves on ln with timeouts; when ctx ends it stops accepting
// and lets requests in flight finish (up to t.Shutdown).
func ServeListener(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger, t Timeouts) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: t.ReadHeader,
		ReadTimeout:       t.Read,
		WriteTimeout:      t.Write,
		IdleTimeout:       t.Idle,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), t.Shutdown)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
