package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/money"
	"github.com/subgrant/portal/internal/search"
)

type apiSearchHit struct {
	Kind      string        `json:"kind"`
	ID        int64         `json:"id"`
	URL       string        `json:"url"`
	Reference string        `json:"reference"`
	Title     string        `json:"title"`
	Org       string        `json:"organisation,omitempty"`
	Status    string        `json:"status,omitempty"`
	Amount    *money.Amount `json:"amount,omitempty"`
	Exact     bool          `json:"exact"`
}

type apiSearchGroup struct {
	Kind  string         `json:"kind"`
	Total int            `json:"total"`
	Items []apiSearchHit `json:"items"`
}

type apiSearchResult struct {
	Query  string           `json:"query"`
	Groups []apiSearchGroup `json:"groups"`
}

// apiSearch is the search box as JSON: the same scopes, kinds and order
// as the page; ?kind= and ?page= page through one kind.
func (s *Server) apiSearch(c *gin.Context) {
	raw, q := searchQuery(c)
	out := apiSearchResult{Query: clipQuery(raw), Groups: []apiSearchGroup{}}
	groups, err := search.Find(c.Request.Context(), s.db, s.searchScopes(c), q)
	if err != nil {
		s.respondError(c, err)
		return
	}
	for _, g := range groups {
		ag := apiSearchGroup{Kind: string(g.Kind), Total: g.Total, Items: []apiSearchHit{}}
		for _, h := range g.Hits {
			hit := apiSearchHit{Kind: string(h.Kind), ID: h.ID, URL: searchPaths[h.Kind] + strconv.FormatInt(h.ID, 10),
				Reference: h.Reference, Title: h.Title, Org: h.Org, Status: h.Status, Exact: h.Exact}
			if h.Currency != "" {
				hit.Amount = &money.Amount{Minor: h.AmountMinor, Currency: h.Currency}
			}
			ag.Items = append(ag.Items, hit)
		}
		out.Groups = append(out.Groups, ag)
	}
	c.JSON(http.StatusOK, out)
}
