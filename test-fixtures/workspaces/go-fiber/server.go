package main

import (
	"github.com/gofiber/fiber/v2"
)

// Server holds the fiber app and the stores its handlers read.
type Server struct {
	app   *fiber.App
	users *userStore
}

// NewServer builds the app and registers the routes (routes.go).
func NewServer(name string) *Server {
	s := &Server{
		app:   fiber.New(fiber.Config{AppName: name}),
		users: newUserStore(),
	}
	s.routes()
	return s
}

// Listen serves until the listener fails.
func (s *Server) Listen(addr string) error {
	return s.app.Listen(addr)
}
