package main

import (
	"github.com/gofiber/fiber/v2"
)

type user struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type userStore struct {
	byID map[string]user
}

func newUserStore() *userStore {
	return &userStore{byID: map[string]user{}}
}

func (s *Server) getUser(c *fiber.Ctx) error {
	found, ok := s.users.byID[c.Params("id")]
	if !ok {
		return fiber.ErrNotFound
	}
	return c.JSON(found)
}

func (s *Server) deleteUser(c *fiber.Ctx) error {
	delete(s.users.byID, c.Params("id"))
	return c.SendStatus(fiber.StatusNoContent)
}
