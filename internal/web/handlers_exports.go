package web

import (
	"bytes"
	"strconv"

	"github.com/gin-gonic/gin"

	"github.com/subgrant/portal/internal/apperr"
	"github.com/subgrant/portal/internal/opendata"
)

func (s *Server) programmeIATI(c *gin.Context) { s.programmeExport(c, opendata.IATI) }

func (s *Server) programme360Giving(c *gin.Context) { s.programmeExport(c, opendata.Giving360) }

// programmeExport answers a programme page's download; a malformed id is
// simply not found.
func (s *Server) programmeExport(c *gin.Context, f opendata.Format) {
	id, ok := idParam(c, "id")
	if !ok {
		s.notFound(c)
		return
	}
	s.sendExport(c, f, id)
}

// apiExport is GET /api/v1/exports/:format?programme=ID.
func (s *Server) apiExport(c *gin.Context) {
	f, err := opendata.ParseFormat(c.Param("format"))
	if err != nil {
		s.respondError(c, err)
		return
	}
	id, err := strconv.ParseInt(c.Query("programme"), 10, 64)
	if err != nil || id <= 0 {
		s.respondError(c, apperr.Field("programme", "opendata.error.programme"))
		return
	}
	s.sendExport(c, f, id)
}

// sendExport reads the programme within the request's scope (404 outside
// it) and sends the file only once it is whole.
func (s *Server) sendExport(c *gin.Context, f opendata.Format, id int64) {
	ex, err := s.openDataStore().Load(c.Request.Context(), id, requestScope(c))
	if err != nil {
		s.respondError(c, err)
		return
	}
	var buf bytes.Buffer
	if err := opendata.Write(&buf, s.cat, f, ex); err != nil {
		s.respondError(c, err)
		return
	}
	// The files carry stored texts: opened in a browser, nothing in them runs.
	c.Header("Content-Security-Policy", "default-src 'none'; sandbox")
	sendDocument(c, f.FileName(id), f.ContentType(), buf.Bytes())
}
