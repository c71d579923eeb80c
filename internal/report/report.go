// Package report is the registry of the documents a user downloads: each
// named report says what it is (in the three languages, from the
// catalogue), the formats it offers and the parameters it needs, and
// builds itself from data read through the stores with an access.Scope, so
// a report holds only rows the requester may see. Excel reports are
// written with excelize's StreamWriter (memory stays flat); every report is
// built into memory first, so a failure never sends a truncated file.
package report

import (
	"bytes"
	"context"
	"io"
	"slices"
	"time"

	"github.com/subgrant/portal/internal/access"
	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/award"
	"github.com/subgrant/portal/internal/db"
	"github.com/subgrant/portal/internal/donor"
	"github.com/subgrant/portal/internal/findoc"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/pdfdoc"
)

// Formats a report may offer.
const (
	XLSX = "xlsx"
	PDF  = "pdf"
)

// Media types of the formats.
var mediaTypes = map[string]string{
	XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	PDF:  "application/pdf",
}

// Param is a parameter a report needs.
type Param string

// The parameters: the programme, the call or the grant the report is of.
const (
	Programme Param = "programme"
	Call      Param = "call"
	Grant     Param = "grant"
)

// Request asks for one report. Scope decides every row it holds.
type Request struct {
	Name        string
	Format      string
	Lang        i18n.Lang
	ProgrammeID int64
	CallID      int64
	Stage       string // the call's stage for the ranking documents ("" is full)
	GrantID     int64
	Scope       access.Scope
	// Progress, when set, hears how far a build is (done of total rows).
	Progress func(done, total int)
}

// Document is a built report.
type Document struct {
	FileName    string
	ContentType string
	Body        []byte
}

// Builder writes a report of the request in its format to w.
type Builder func(ctx context.Context, b *Build, w io.Writer) error

// Report is one entry of the registry.
type Report struct {
	Name    string   // URL and command-line name, e.g. disbursement-ledger
	Formats []string // formats offered, preferred first
	Needs   []Param  // parameters required
	Build   map[string]Builder
	// Rows, when set, estimates the rows a build writes (see BackgroundRows).
	Rows func(b *Build, ctx context.Context) (int, error)
}

// Offers reports whether the report comes in format f.
func (r Report) Offers(f string) bool { return slices.Contains(r.Formats, f) }

// Requires reports whether the report needs parameter p.
func (r Report) Requires(p Param) bool { return slices.Contains(r.Needs, p) }

// TitleKey and DescriptionKey are the report's catalogue keys.
func (r Report) TitleKey() string       { return "report." + r.Name + ".title" }
func (r Report) DescriptionKey() string { return "report." + r.Name + ".description" }

// Deps are what the builders read with.
type Deps struct {
	DB       *db.DB
	Cat      *i18n.Catalogue
	Profiles donor.Profiles
	Awards   *award.Store
	// Findoc are the stores the programme financial summary and the
	// grantee statement read; Issuer prints their letterhead (none when
	// nil).
	Findoc findoc.Stores
	Issuer func(context.Context) (pdfdoc.Issuer, error)
	Now    func() time.Time // db.Now when nil
	// BackgroundRows overrides the size from which a report is built in
	// the background (0: the constant BackgroundRows); tests lower it.
	BackgroundRows int
}

// Registry holds the reports by name, in the order they are listed.
type Registry struct {
	deps    Deps
	reports []Report
	wake    chan struct{} // Enqueue wakes the worker
}

// New is the registry of every report the portal builds.
func New(d Deps) *Registry {
	if d.Now == nil {
		d.Now = db.Now
	}
	r := &Registry{deps: d, wake: make(chan struct{}, 1)}
	for _, rep := range r.workbooks() {
		r.Add(rep)
	}
	for _, rep := range r.documents() {
		r.Add(rep)
	}
	return r
}

// Add registers a report (a later one of the same name replaces it): a
// Builder per format, and catalogue keys report.<name>.title and
// report.<name>.description in the three languages.
func (r *Registry) Add(rep Report) {
	for i, x := range r.reports {
		if x.Name == rep.Name {
			r.reports[i] = rep
			return
		}
	}
	r.reports = append(r.reports, rep)
}

// List is every report, in registry order.
func (r *Registry) List() []Report { return slices.Clone(r.reports) }

// Get is the report called name.
func (r *Registry) Get(name string) (Report, bool) {
	for _, x := range r.reports {
		if x.Name == name {
			return x, true
		}
	}
	return Report{}, false
}

// Check validates a request before anything is read: a known report, a
// format it offers, a supported language and the parameters it needs.
func (r *Registry) Check(req Request) (Report, error) {
	rep, ok := r.Get(req.Name)
	if !ok {
		return rep, apperr.New(apperr.NotFound, "report.error.unknown")
	}
	fe := apperr.FieldErrors{}
	if !rep.Offers(req.Format) {
		fe.Add("format", "report.error.format")
	}
	if _, ok := i18n.ParseLang(string(req.Lang)); !ok {
		fe.Add("lang", "report.error.lang")
	}
	for p, id := range map[Param]int64{Programme: req.ProgrammeID, Call: req.CallID, Grant: req.GrantID} {
		if rep.Requires(p) && id <= 0 {
			fe.Add(string(p), "report.error.param")
		}
	}
	return rep, fe.Err()
}

// Build builds the report of req in memory: on any error nothing of it is
// returned, so no caller can send half a file.
func (r *Registry) Build(ctx context.Context, req Request) (Document, error) {
	rep, err := r.Check(req)
	if err != nil {
		return Document{}, err
	}
	b := &Build{Request: req, deps: r.deps, now: r.deps.Now().UTC()}
	if err := b.load(ctx, rep); err != nil {
		return Document{}, err
	}
	var buf bytes.Buffer
	if err := rep.Build[req.Format](ctx, b, &buf); err != nil {
		return Document{}, err
	}
	return Document{FileName: b.fileName(rep), ContentType: mediaTypes[req.Format], Body: buf.Bytes()}, nil
}

// Write builds the report and, once it is whole, writes it to w.
func (r *Registry) Write(ctx context.Context, req Request, w io.Writer) (Document, error) {
	doc, err := r.Build(ctx, req)
	if err != nil {
		return doc, err
	}
	_, err = w.Write(doc.Body)
	return doc, err
}
