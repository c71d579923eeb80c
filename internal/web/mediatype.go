package web

import (
	"mime"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// bodyTypes lists the media types a route reads its body in, decided from
// the route table: an /api/ route reads JSON, a page's form a urlencoded
// body, and a route with the upload body limit (s.uploadLimit(), a whole
// number of MB plus framing, never equal to formLimit or apiLimit) also a
// multipart body with a file.
func (s *Server) bodyTypes(r route) []string {
	types := []string{"application/x-www-form-urlencoded"}
	if strings.HasPrefix(r.Path, "/api/") {
		types = []string{"application/json"}
	}
	if r.Limit == s.uploadLimit() {
		types = append(types, "multipart/form-data")
	}
	return types
}

// requireBodyType refuses, with 415, a body the route would misread: a
// parser given another media type finds no fields, and saving "no fields"
// would erase what is stored. A page's form always states its type
// (browsers send one even for a form without fields); an API call without
// a body (an action such as submit) needs none.
func (s *Server) requireBodyType(r route) gin.HandlerFunc {
	types := s.bodyTypes(r)
	api := strings.HasPrefix(r.Path, "/api/")
	return func(c *gin.Context) {
		switch c.Request.Method {
		case http.MethodPost, http.MethodPut, http.MethodPatch:
		default:
			return
		}
		ct := c.GetHeader("Content-Type")
		if api && ct == "" && c.Request.ContentLength == 0 {
			return
		}
		if !acceptedType(types, ct) {
			s.unsupportedMedia(c)
		}
	}
}

// acceptedType reports whether the Content-Type header names one of types
// (parameters such as charset allowed); multipart needs its boundary.
func acceptedType(types []string, header string) bool {
	mt, params, err := mime.ParseMediaType(header)
	if err != nil {
		return false
	}
	for _, t := range types {
		if mt == t {
			return t != "multipart/form-data" || params["boundary"] != ""
		}
	}
	return false
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
