package main

// routes registers the handlers of handlers_users.go and handlers_auth.go. This file does not import fiber: the
// app is reached through the Server's field.
func (s *Server) routes() {
	s.app.Get("/users/:id", s.getUser)
	s.app.Post("/login", s.login)
	s.app.Delete("/users/:id", s.deleteUser)
}
