terraform {
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region = var.region
}

module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.8.1"
  name    = "shop"
  cidr    = "10.0.0.0/16"
}

# SSH open to the whole internet, on IPv4 and IPv6.
resource "aws_security_group" "ssh" {
  name        = "ssh"
  description = "SSH access"
  vpc_id      = var.vpc_id

  ingress {
    description = "SSH"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    # expect: iac-open-ingress
    cidr_blocks = ["0.0.0.0/0"]
    # expect: iac-open-ingress
    ipv6_cidr_blocks = ["::/0"]
  }

  # Egress to anywhere is normal and not reported.
  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

# Correctly restricted: only the office network reaches SSH.
resource "aws_security_group" "admin" {
  name   = "admin"
  vpc_id = var.vpc_id

  ingress {
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = [var.allowed_cidr, "10.0.0.0/16"]
  }
}

resource "aws_security_group" "alb" {
  name   = "alb"
  vpc_id = var.vpc_id
}

# HTTPS to the load balancer: open on purpose, reported with low severity.
resource "aws_security_group_rule" "alb_https" {
  type              = "ingress"
  from_port         = 443
  to_port           = 443
  protocol          = "tcp"
  # expect: iac-open-ingress
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.alb.id
}

resource "aws_s3_bucket" "assets" {
  bucket = "acme-shop-assets"
}

resource "aws_s3_bucket_public_access_block" "assets" {
  bucket                  = aws_s3_bucket.assets.id
  # expect: iac-public-bucket
  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = true
  restrict_public_buckets = false
}

resource "aws_s3_bucket_acl" "assets" {
  bucket = aws_s3_bucket.assets.id
  # expect: iac-public-bucket
  acl    = "public-read"
}

resource "aws_db_instance" "orders" {
  identifier          = "orders"
  engine              = "postgres"
  engine_version      = "16.3"
  instance_class      = "db.t3.micro"
  allocated_storage   = 20
  username            = "orders"
  password            = var.db_password
  # expect: iac-public-database
  publicly_accessible = true
  skip_final_snapshot = true
}

resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  # expect-signal: internet-facing
  internal           = false
  security_groups    = [aws_security_group.alb.id]
  subnets            = var.public_subnet_ids
}

# No `internal` argument: AWS creates an internet-facing load balancer.
# expect-signal: internet-facing
resource "aws_alb" "legacy" {
  name    = "legacy"
  subnets = var.public_subnet_ids
}

resource "aws_lb" "internal_api" {
  name     = "internal-api"
  internal = true
  subnets  = module.vpc.private_subnets
}
