package web

import (
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/application"
	"github.com/subgrant/portal/internal/call"
	"github.com/subgrant/portal/internal/i18n"
	"github.com/subgrant/portal/internal/money"
)

// submitter is the signed-in user as the receipt names it.
func submitter(c *gin.Context) application.Submitter {
	u := currentUser(c)
	return application.Submitter{UserID: u.ID, Name: u.Name, Email: u.Email, Lang: u.Lang}
}

// problemMessage translates a problem with its arguments formatted for lang.
func (s *Server) problemMessage(lang i18n.Lang, p application.Problem) string {
	args := make([]any, 0, len(p.Args))
	for i, v := range p.Args {
		if i%2 == 1 {
			v = formatArg(lang, v)
		}
		args = append(args, v)
	}
	return s.cat.T(lang, p.Key, args...)
}

func formatArg(lang i18n.Lang, v any) string {
	switch x := v.(type) {
	case money.Amount:
		return i18n.Money(lang, x.Minor, x.Currency)
	case application.BP:
		s := strconv.FormatInt(int64(x)/100, 10)
		if r := int64(x) % 100; r != 0 {
			dec := "."
			if lang != i18n.EN {
				dec = ","
			}
			s += dec + strings.TrimRight(strconv.FormatInt(100+r, 10)[1:], "0")
		}
		return s
	case int:
		return strconv.Itoa(x)
	case interface{ Label(lang string) string }: // a call's required document
		return x.Label(string(lang))
	}
	return ""
}

// deadlineText is the call's deadline in its own time zone, for messages.
func deadlineText(cat *i18n.Catalogue, lang i18n.Lang, c call.Call) string {
	if c.ClosesAt == nil {
		return ""
	}
	return cat.When(lang, *c.ClosesAt, c.TimeZone)
}
