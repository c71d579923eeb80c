package web

import (
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/application"
)

// pagerView links the pages of a list, keeping its filters.
type pagerView struct {
	Page, Pages, Total int
	Prev, Next         string
}

func pagerOf(c *gin.Context, pg application.Page) pagerView {
	v := pagerView{Page: pg.Page, Total: pg.Total, Pages: max(1, (pg.Total+pg.PerPage-1)/pg.PerPage)}
	link := func(n int) string {
		q := c.Request.URL.Query()
		q.Set("page", strconv.Itoa(n))
		return c.Request.URL.Path + "?" + q.Encode()
	}
	if pg.Page > 1 {
		v.Prev = link(pg.Page - 1)
	}
	if pg.Page < v.Pages {
		v.Next = link(pg.Page + 1)
	}
	return v
}
