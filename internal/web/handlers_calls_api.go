package web

import (
	"context"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/money"
)

type apiLot struct {
	ID     int64        `json:"id"`
	Name   string       `json:"name"`
	Theme  string       `json:"theme"`
	Budget money.Amount `json:"budget"`
}

type apiDocument struct {
	Code  string `json:"code"`
	Label string `json:"label"`
}

type apiEligibility struct {
	OrganisationKinds     []string `json:"organisation_kinds"`
	MinYearsRegistered    int      `json:"min_years_registered"`
	Municipalities        []string `json:"municipalities"`
	MaxApplicationsPerOrg int      `json:"max_applications_per_organisation"`
}

type apiCall struct {
	ID                int64             `json:"id"`
	Status            string            `json:"status"`
	Reference         string            `json:"reference"`
	ProgrammeID       int64             `json:"programme_id"`
	Title             string            `json:"title"`
	Titles            map[string]string `json:"titles"`
	Description       string            `json:"description"`
	Budget            money.Amount      `json:"budget"`
	MinGrant          money.Amount      `json:"min_grant"`
	MaxGrant          money.Amount      `json:"max_grant"`
	MaxDonorShareBP   int64             `json:"max_donor_share_bp"`
	MinCofinancingBP  int64             `json:"min_cofinancing_bp"`
	MinDurationMonths int               `json:"min_duration_months"`
	MaxDurationMonths int               `json:"max_duration_months"`
	TimeZone          string            `json:"time_zone"`
	OpensAt           *time.Time        `json:"opens_at"`
	ClosesAt          *time.Time        `json:"closes_at"`
	TwoStage          bool              `json:"two_stage"`
	Eligibility       apiEligibility    `json:"eligibility"`
	Lots              []apiLot          `json:"lots"`
	Documents         []apiDocument     `json:"documents"`
}

func (s *Server) toAPICall(ctx context.Context, c call.Call, lang string) (apiCall, error) {
	st := s.callStore()
	lots, err := st.Lots(ctx, c.ID)
	if err != nil {
		return apiCall{}, err
	}
	docs, err := st.Documents(ctx, c.ID)
	if err != nil {
		return apiCall{}, err
	}
	out := apiCall{ID: c.ID, Status: string(c.StatusAt(s.now())), Reference: c.Reference, ProgrammeID: c.ProgrammeID,
		Title: c.Title(lang), Titles: map[string]string{"sq": c.TitleSQ, "en": c.TitleEN, "sr": c.TitleSR},
		Description: c.Description(lang), Budget: c.Amount(c.LotsBudgetMinor),
		MinGrant: c.Amount(c.MinGrantMinor), MaxGrant: c.Amount(c.MaxGrantMinor),
		MaxDonorShareBP: c.MaxDonorShareBP, MinCofinancingBP: c.MinCofinancingBP,
		MinDurationMonths: c.MinDurationMonths, MaxDurationMonths: c.MaxDurationMonths, TimeZone: c.TimeZone,
		OpensAt: c.OpensAt, ClosesAt: c.ClosesAt, TwoStage: c.TwoStage,
		Eligibility: apiEligibility{OrganisationKinds: nonNil(c.OrgKinds()), MinYearsRegistered: c.MinYearsRegistered,
			Municipalities: nonNil(c.Municipalities()), MaxApplicationsPerOrg: c.MaxApplicationsPerOrg},
		Lots: []apiLot{}, Documents: []apiDocument{}}
	for _, l := range lots {
		out.Lots = append(out.Lots, apiLot{ID: l.ID, Name: l.Name, Theme: l.Theme, Budget: c.Amount(l.BudgetMinor)})
	}
	for _, d := range docs {
		out.Documents = append(out.Documents, apiDocument{Code: d.Code, Label: d.Label(lang)})
	}
	return out, nil
}

func nonNil(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}

// apiCalls lists calls: open calls for everyone; staff every call, and
// donor officers every call of their programmes, filtered by ?status=.
func (s *Server) apiCalls(c *gin.Context) {
	pageNo, perPage, ok := paging(c)
	if !ok {
		s.problem(c, http.StatusBadRequest, "error.bad_paging", nil)
		return
	}
	st, ok := call.ParseStatus(c.Query("status"))
	if !ok && c.Query("status") != "" {
		s.problem(c, http.StatusBadRequest, "calls.error.status_filter", nil)
		return
	}
	ctx := c.Request.Context()
	list, err := s.callStore().List(ctx, publicScope(c), call.Filter{Status: st})
	if err != nil {
		s.fail(c, err)
		return
	}
	pg := slicePage(list, pageNo, perPage)
	out := page[apiCall]{Items: []apiCall{}, Page: pg.Page, PerPage: pg.PerPage, Total: pg.Total}
	for _, cl := range pg.Items {
		item, err := s.toAPICall(ctx, cl, string(s.lang(c)))
		if err != nil {
			s.fail(c, err)
			return
		}
		out.Items = append(out.Items, item)
	}
	c.JSON(http.StatusOK, out)
}

// apiCall answers one call; a draft is 404 unless the caller may see it.
func (s *Server) apiCall(c *gin.Context) {
	cl, ok := s.visibleCall(c)
	if !ok {
		return
	}
	item, err := s.toAPICall(c.Request.Context(), cl, string(s.lang(c)))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, item)
}
