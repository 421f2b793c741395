# findings: 2

resource "aws_cloudfront_distribution" "site" {
  enabled = true
  comment = "site"

  origin {
    domain_name              = "acme-site.s3.eu-west-1.amazonaws.com"
    origin_id                = "s3-site"
    origin_access_control_id = "E2QWRUHAPOMQZL"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  default_cache_behavior {
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    target_origin_id       = "s3-site"
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    viewer_protocol_policy = "redirect-to-https"
  }

  viewer_certificate {
    cloudfront_default_certificate = true
  }
}

resource "aws_cloudfront_distribution" "docs" {
  enabled = true
  comment = "docs"

  origin {
    domain_name              = "acme-docs.s3.eu-west-1.amazonaws.com"
    origin_id                = "s3-docs"
    origin_access_control_id = "E2QWRUHAPOMQZL"
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  default_cache_behavior {
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    target_origin_id       = "s3-docs"
    cache_policy_id        = "658327ea-f89d-4fab-a63d-7e88639e58f6"
    viewer_protocol_policy = "redirect-to-https"
  }

  viewer_certificate {
    acm_certificate_arn      = "arn:aws:acm:us-east-1:111122223333:certificate/0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
    ssl_support_method       = "sni-only"
    minimum_protocol_version = "TLSv1.2_2019"
  }
}
