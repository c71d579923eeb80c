package web

import (
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/award"
	"github.com/subgrant/portal/internal/evaldoc"
)

// letterPDF is GET /applications/:id/letter.pdf: the decision letter in
// the reader's language, once the chair approved the session; 404 before
// and for anyone outside the scope.
func (s *Server) letterPDF(c *gin.Context) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	sc := requestScope(c)
	st := s.awardStore()
	l, err := st.LetterFor(c.Request.Context(), id, sc)
	if err != nil {
		s.respondError(c, err)
		return
	}
	lang := s.lang(c)
	in := st.LetterInput(l, lang)
	if in.Call.Issuer, err = s.issuer(c.Request.Context()); err != nil {
		s.fail(c, err)
		return
	}
	b, err := evaldoc.New(s.cat).Letter(lang, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	sendDocument(c, award.LetterFileName(l.App.Reference, l.App.ID), "application/pdf", b)
}

// evaluationReport is GET /calls/:id/evaluation-report.pdf.
func (s *Server) evaluationReport(c *gin.Context) {
	r, ok := s.loadRanking(c)
	if !ok {
		return
	}
	lang := s.lang(c)
	in := s.awardStore().ReportInput(r, lang, s.now())
	var err error
	if in.Call.Issuer, err = s.issuer(c.Request.Context()); err != nil {
		s.fail(c, err)
		return
	}
	b, err := evaldoc.New(s.cat).EvaluationReport(lang, in)
	if err != nil {
		s.fail(c, err)
		return
	}
	sendDocument(c, "evaluation-"+strconv.FormatInt(r.Call.ID, 10)+"-"+r.Stage+".pdf", "application/pdf", b)
}

// rankingWorkbook is GET /calls/:id/ranking.xlsx.
func (s *Server) rankingWorkbook(c *gin.Context) {
	r, ok := s.loadRanking(c)
	if !ok {
		return
	}
	lang := s.lang(c)
	in := s.awardStore().ReportInput(r, lang, s.now())
	b, err := evaldoc.New(s.cat).RankingWorkbook(lang, evaldoc.RankingInput{Generated: s.now(), Call: in.Call, Grid: in.Grid, Lots: in.Lots})
	if err != nil {
		s.fail(c, err)
		return
	}
	sendDocument(c, "ranking-"+strconv.FormatInt(r.Call.ID, 10)+"-"+r.Stage+".xlsx",
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b)
}
