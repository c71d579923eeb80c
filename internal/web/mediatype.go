package web

import (
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// bodyKind is the one media type a route reads its body in.
type bodyKind int

const (
	formBody   bodyKind = iota // application/x-www-form-urlencoded
	uploadBody                 // multipart/form-data with a boundary
	jsonBody                   // application/json
)

// bodyKindOf decides a route's media type from the route table: a route
// with the upload body limit takes a file, an /api/ route takes JSON, any
// other route takes a urlencoded form.
func (s *Server) bodyKindOf(r route) bodyKind {
	switch {
	case r.Limit == s.uploadLimit():
		return uploadBody
	case strings.HasPrefix(r.Path, "/api/"):
		return jsonBody
	}
	return formBody
}

// requireBodyType refuses, with 415, a body the route would misread: a
// parser given another media type finds no fields, and saving "no fields"
// would erase what is stored. A page's form always states its type
// (browsers send one even for a form without fields); an API call without
// a body (an action such as submit) needs none.
func (s *Server) requireBodyType(r route) gin.HandlerFunc {
	kind := s.bodyKindOf(r)
	return func(c *gin.Context) {
		switch c.Request.Method {
		case http.MethodPost, http.MethodPut, http.MethodPatch:
		default:
			return
		}
		ct := c.GetHeader("Content-Type")
		if kind == jsonBody && ct == "" && c.Request.ContentLength == 0 {
			return
		}
		if !acceptedType(kind, ct) {
			s.unsupportedMedia(c)
		}
	}
}

func acceptedType(kind bodyKind, header string) bool {
	mt, params, err := mime.ParseMediaType(header)
	if err != nil {
		return false
	}
	switch kind {
	case uploadBody:
		return mt == "multipart/form-data" && params["boundary"] != ""
	case jsonBody:
		return mt == "application/json"
	}
	return mt == "application/x-www-form-urlencoded"
}

// unsupportedMedia answers 415: a page for a form, problem+json for the API.
func (s *Server) unsupportedMedia(c *gin.Context) {
	c.Abort()
	if isAPI(c) {
		s.problem(c, http.StatusUnsupportedMediaType, "hardening.error.media_type_api", nil)
		return
	}
	s.renderStatusPage(c, http.StatusUnsupportedMediaType, "hardening.error.media_type_title", "hardening.error.media_type")
}
