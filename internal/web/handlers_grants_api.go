package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/grant"
)

// apiTranche is one tranche of a grant's schedule.
type apiTranche struct {
	ID          int64  `json:"id"`
	Position    int    `json:"position"`
	Kind        string `json:"kind"`
	AmountMinor int64  `json:"amount_minor"`
	Currency    string `json:"currency"`
	DueOn       string `json:"due_on"`
	Status      string `json:"status"`
	Requires    string `json:"requires"`
	Missing     string `json:"missing,omitempty"` // the condition still missing while planned
	// BySource is the part of each of the programme's funding sources
	// (omitted when the programme records none).
	BySource []apiSourcePart `json:"by_source,omitempty"`
}

// apiSourcePart is what one funding source pays of a tranche.
type apiSourcePart struct {
	Source      string `json:"source"`
	AmountMinor int64  `json:"amount_minor"`
}

// apiGrantItem is a grant in lists.
type apiGrantItem struct {
	ID             int64  `json:"id"`
	ContractNumber string `json:"contract_number"`
	ApplicationID  int64  `json:"application_id"`
	ProgrammeID    int64  `json:"programme_id"`
	CallID         int64  `json:"call_id"`
	OrgID          int64  `json:"org_id"`
	Grantee        string `json:"grantee"`
	AmountMinor    int64  `json:"amount_minor"`
	PaidMinor      int64  `json:"paid_minor"`
	BalanceMinor   int64  `json:"balance_minor"`
	Currency       string `json:"currency"`
	Status         string `json:"status"`
	StartsOn       string `json:"starts_on"`
	EndsOn         string `json:"ends_on"`
}

// apiGrantLine is a budget line.
type apiGrantLine struct {
	Position    int    `json:"position"`
	Heading     string `json:"heading"`
	Description string `json:"description"`
	TotalMinor  int64  `json:"total_minor"`
	DonorMinor  int64  `json:"donor_minor"`
}

// apiGrant is one grant with its schedule and budget.
type apiGrant struct {
	apiGrantItem
	DonorShareBP      int            `json:"donor_share_bp"`
	ScheduleRule      string         `json:"schedule_rule"`
	Version           int            `json:"version"`
	IBAN              string         `json:"iban"`
	BankName          string         `json:"bank_name"`
	Lang              string         `json:"lang"`
	SpecialConditions string         `json:"special_conditions"`
	GranteeSignedOn   string         `json:"grantee_signed_on,omitempty"`
	OrgSignedOn       string         `json:"org_signed_on,omitempty"`
	Schedule          []apiTranche   `json:"schedule"`
	Budget            []apiGrantLine `json:"budget"`
}

// apiAmendment is an amendment.
type apiAmendment struct {
	ID           int64        `json:"id"`
	GrantID      int64        `json:"grant_id"`
	Kind         string       `json:"kind"`
	Status       string       `json:"status"`
	Version      *int         `json:"version"`
	Before       grant.Change `json:"before"`
	After        grant.Change `json:"after"`
	Reason       string       `json:"reason"`
	DecisionNote string       `json:"decision_note"`
	RequestedBy  *int64       `json:"requested_by"`
	RequestedAt  string       `json:"requested_at"`
	DecidedBy    *int64       `json:"decided_by"`
}

func toAPIGrantItem(g grant.Agreement) apiGrantItem {
	return apiGrantItem{ID: g.ID, ContractNumber: g.ContractNumber, ApplicationID: g.ApplicationID, ProgrammeID: g.ProgrammeID,
		CallID: g.CallID, OrgID: g.OrgID, Grantee: g.OrgName, AmountMinor: g.AmountMinor, PaidMinor: g.PaidMinor,
		BalanceMinor: g.Balance(), Currency: g.Currency, Status: string(g.Status), StartsOn: g.StartsOn, EndsOn: g.EndsOn}
}

func toAPIAmendment(m grant.Amendment) apiAmendment {
	out := apiAmendment{ID: m.ID, GrantID: m.GrantID, Kind: string(m.Kind), Status: string(m.Status), Version: m.Version,
		Reason: m.Reason, DecisionNote: m.DecisionNote, RequestedBy: m.RequestedBy, DecidedBy: m.DecidedBy,
		RequestedAt: m.RequestedAt.UTC().Format("2006-01-02T15:04:05Z")}
	_ = json.Unmarshal([]byte(m.Before), &out.Before)
	_ = json.Unmarshal([]byte(m.After), &out.After)
	return out
}

// apiGrants is GET /api/v1/grants (?status=, ?programme_id=, paged).
func (s *Server) apiGrants(c *gin.Context) {
	f := grant.Filter{Status: grant.Status(c.Query("status"))}
	if f.Status != "" && !slices.Contains(grant.Statuses, f.Status) {
		s.problem(c, http.StatusBadRequest, "grants.error.filter", nil)
		return
	}
	if v := c.Query("programme_id"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			s.problem(c, http.StatusBadRequest, "grants.error.filter", nil)
			return
		}
		f.ProgrammeID = id
	}
	pageNo, perPage, ok := paging(c)
	if !ok {
		s.problem(c, http.StatusBadRequest, "grants.error.filter", nil)
		return
	}
	list, err := s.grantStore().List(c.Request.Context(), f, requestScope(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	items := make([]apiGrantItem, 0, len(list))
	for _, g := range list {
		items = append(items, toAPIGrantItem(g))
	}
	c.JSON(http.StatusOK, slicePage(items, pageNo, perPage))
}

// apiGrant is GET /api/v1/grants/:id.
func (s *Server) apiGrant(c *gin.Context) {
	g, sc, ok := s.grantOf(c)
	if !ok {
		return
	}
	ctx := c.Request.Context()
	ts, err := s.grantStore().Tranches(ctx, g.ID, sc)
	if err != nil {
		s.fail(c, err)
		return
	}
	ls, err := s.grantStore().Lines(ctx, g.ID, sc)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := apiGrant{apiGrantItem: toAPIGrantItem(g), DonorShareBP: g.DonorShareBP, ScheduleRule: string(g.ScheduleRule),
		Version: g.Version, IBAN: g.IBAN, BankName: g.BankName, Lang: g.Lang, SpecialConditions: g.SpecialConditions,
		GranteeSignedOn: g.GranteeSignedOn, OrgSignedOn: g.OrgSignedOn, Schedule: []apiTranche{}, Budget: []apiGrantLine{}}
	sources, err := s.grantStore().Sources(ctx, g.ProgrammeID)
	if err != nil {
		s.fail(c, err)
		return
	}
	for _, t := range ts {
		at := apiTranche{ID: t.ID, Position: t.Position, Kind: string(t.Kind), AmountMinor: t.AmountMinor, Currency: g.Currency,
			DueOn: t.DueOn, Status: string(t.Status), Requires: string(t.Requires)}
		for i, part := range grant.Split(t.AmountMinor, sources) {
			at.BySource = append(at.BySource, apiSourcePart{Source: sources[i].Name, AmountMinor: part})
		}
		if t.Status == grant.Planned {
			at.Missing = string(t.Requires)
		}
		out.Schedule = append(out.Schedule, at)
	}
	for _, l := range ls {
		out.Budget = append(out.Budget, apiGrantLine{Position: l.Position, Heading: l.Heading, Description: l.Description,
			TotalMinor: l.TotalMinor, DonorMinor: l.DonorMinor})
	}
	c.JSON(http.StatusOK, out)
}

// apiGrantAmendments is GET /api/v1/grants/:id/amendments.
func (s *Server) apiGrantAmendments(c *gin.Context) {
	g, sc, ok := s.grantOf(c)
	if !ok {
		return
	}
	ms, err := s.grantStore().Amendments(c.Request.Context(), g.ID, sc)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := make([]apiAmendment, 0, len(ms))
	for _, m := range ms {
		out = append(out, toAPIAmendment(m))
	}
	c.JSON(http.StatusOK, gin.H{"items": out})
}

// apiAmendmentRequest is the body of an amendment request; money as
// amount_minor with the grant's currency.
type apiAmendmentRequest struct {
	Kind        string `json:"kind"`
	EndsOn      string `json:"ends_on"`
	FromLine    int    `json:"from_line"`
	ToLine      int    `json:"to_line"`
	AmountMinor int64  `json:"amount_minor"`
	Currency    string `json:"currency"`
	IBAN        string `json:"iban"`
	BankName    string `json:"bank_name"`
	Reason      string `json:"reason"`
}

// apiRequestGrantAmendment is POST /api/v1/grants/:id/amendments.
func (s *Server) apiRequestGrantAmendment(c *gin.Context) {
	g, sc, ok := s.grantOf(c)
	if !ok {
		return
	}
	var in apiAmendmentRequest
	if !s.decodeJSON(c, &in) {
		return
	}
	kind := grant.AmendmentKind(in.Kind)
	if kind == grant.Reallocation && in.Currency != "" && in.Currency != g.Currency {
		s.respondError(c, apperr.Field("currency", "grants.error.currency"))
		return
	}
	m, err := s.grantStore().RequestAmendment(c.Request.Context(), g.ID, sc, kind, grant.Change{EndsOn: in.EndsOn, FromLine: in.FromLine,
		ToLine: in.ToLine, AmountMinor: in.AmountMinor, IBAN: in.IBAN, BankName: in.BankName}, in.Reason, s.requester(c, g.OrgID))
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusCreated, toAPIAmendment(m))
}

type apiDecision struct {
	Note string `json:"note"`
}

func (s *Server) apiDecideGrantAmendment(c *gin.Context, approve bool) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	var in apiDecision
	if c.Request.ContentLength != 0 && !s.decodeJSON(c, &in) {
		return
	}
	m, err := s.grantStore().DecideAmendment(c.Request.Context(), id, requestScope(c), approve, in.Note, s.requester(c, 0))
	if err != nil {
		s.respondError(c, err)
		return
	}
	c.JSON(http.StatusOK, toAPIAmendment(m))
}

// apiApproveGrantAmendment is POST /api/v1/grant-amendments/:id/approve.
func (s *Server) apiApproveGrantAmendment(c *gin.Context) { s.apiDecideGrantAmendment(c, true) }

// apiRejectGrantAmendment is POST /api/v1/grant-amendments/:id/reject (a note required).
func (s *Server) apiRejectGrantAmendment(c *gin.Context) { s.apiDecideGrantAmendment(c, false) }
