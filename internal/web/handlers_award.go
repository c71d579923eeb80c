package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/award"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/review"
)

// loadRanking reads :id and ?stage and ranks the call for the request.
func (s *Server) loadRanking(c *gin.Context) (award.Ranking, bool) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return award.Ranking{}, false
	}
	sc := requestScope(c)
	stage := c.Query("stage")
	if stage == "" {
		stage = "full"
	}
	r, err := s.awardStore().Ranking(c.Request.Context(), id, stage, sc)
	if err != nil {
		s.respondError(c, err)
		return r, false
	}
	return r, true
}

// apiRanking is GET /api/v1/calls/:id/ranking.
func (s *Server) apiRanking(c *gin.Context) {
	r, ok := s.loadRanking(c)
	if !ok {
		return
	}
	c.JSON(http.StatusOK, rankingJSON(r))
}

type rankingDoc struct {
	CallID   int64        `json:"call_id"`
	Stage    string       `json:"stage"`
	Approved bool         `json:"approved"`
	Currency string       `json:"currency"`
	Lots     []rankingLot `json:"lots"`
}

type rankingLot struct {
	ID           int64        `json:"id"`
	Name         string       `json:"name"`
	BudgetMinor  int64        `json:"budget_minor"`
	AwardedMinor int64        `json:"awarded_minor"`
	LineAfter    int          `json:"line_after"`
	Applications []rankingApp `json:"applications"`
}

type rankingApp struct {
	Rank           int                    `json:"rank"`
	ApplicationID  int64                  `json:"application_id"`
	Reference      string                 `json:"reference"`
	FinalScoreX100 int64                  `json:"final_score_x100"`
	FinalScore     string                 `json:"final_score"`
	Sections       []review.SectionResult `json:"sections"`
	Fundable       bool                   `json:"fundable"`
	Decision       string                 `json:"decision"`
	ReserveRank    *int                   `json:"reserve_rank"`
	AmountMinor    int64                  `json:"amount_minor"`
	RequestedMinor int64                  `json:"requested_minor"`
	Currency       string                 `json:"currency"`
	Reasons        []review.Reason        `json:"reasons"`
}

func rankingJSON(r award.Ranking) rankingDoc {
	doc := rankingDoc{CallID: r.Call.ID, Stage: r.Stage, Approved: r.Approved, Currency: r.Call.Currency, Lots: []rankingLot{}}
	for _, lr := range r.Lots {
		l := rankingLot{ID: lr.Lot.ID, Name: lr.Lot.Name, BudgetMinor: lr.Lot.BudgetMinor, AwardedMinor: lr.AwardedMinor,
			LineAfter: lr.LineAfter, Applications: []rankingApp{}}
		for _, d := range lr.Decisions {
			a := rankingApp{Rank: d.Rank, ApplicationID: d.ApplicationID, Reference: r.Apps[d.ApplicationID].Reference,
				FinalScoreX100: d.FinalX100, FinalScore: hundredths(i18n.EN, d.FinalX100), Sections: d.Sections, Fundable: d.Fundable,
				Decision: d.Decision, AmountMinor: d.AmountMinor, RequestedMinor: d.RequestedMinor, Currency: r.Call.Currency,
				Reasons: d.Reasons}
			if a.Sections == nil {
				a.Sections = []review.SectionResult{}
			}
			if a.Reasons == nil {
				a.Reasons = []review.Reason{}
			}
			if d.ReserveRank > 0 {
				rr := d.ReserveRank
				a.ReserveRank = &rr
			}
			l.Applications = append(l.Applications, a)
		}
		doc.Lots = append(doc.Lots, l)
	}
	return doc
}
