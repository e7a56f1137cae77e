package main

import (
	"bytes"

	"github.com/gofiber/fiber/v2"
)

type credentials struct {
	User     string `json:"user"`
	Password string `json:"password"`
}

// login checks a password against the NT hash the legacy directory stores (ntlm.go).
func (s *Server) login(c *fiber.Ctx) error {
	var body credentials
	if err := c.BodyParser(&body); err != nil {
		return fiber.ErrBadRequest
	}
	if !bytes.Equal(ntHash(body.Password), s.users.byID[body.User].hash()) {
		return c.SendStatus(fiber.StatusUnauthorized)
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (u user) hash() []byte {
	return []byte(u.Name)
}
