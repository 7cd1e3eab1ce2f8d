package kz.almaty.housing.engine;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Who may read /actuator/prometheus: callers on this machine (the engine binds to loopback by default;
 * this holds even if ENGINE_ADDRESS is widened), and, when ENGINE_METRICS_TOKEN_FILE is set, callers
 * elsewhere that present `Authorization: Bearer <the file's content>`, which Prometheus sends from its
 * `authorization.credentials_file`. The metrics name no person, but they do show the caseload.
 */
@Configuration
public class MetricsAccess {
  static final String PATH = "/actuator/prometheus";

  @Bean
  public FilterRegistrationBean<Filter> metricsAccessFilter(
      @Value("${housing.metrics.token-file:}") String tokenFile) {
    byte[] expected =
        tokenFile.isBlank() ? null : ("Bearer " + readToken(tokenFile)).getBytes(StandardCharsets.UTF_8);
    FilterRegistrationBean<Filter> registration =
        new FilterRegistrationBean<>(
            (ServletRequest req, ServletResponse res, FilterChain chain) ->
                filter((HttpServletRequest) req, (HttpServletResponse) res, chain, expected));
    registration.setName("metrics-access");
    registration.addUrlPatterns(PATH, PATH + "/*");
    return registration;
  }

  private static String readToken(String file) {
    try {
      String token = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
      if (token.length() < 16)
        throw new IllegalStateException("ENGINE_METRICS_TOKEN_FILE holds fewer than 16 characters: " + file);
      return token;
    } catch (IOException e) {
      throw new UncheckedIOException("ENGINE_METRICS_TOKEN_FILE cannot be read: " + file, e);
    }
  }

  private static void filter(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain, byte[] expected)
      throws IOException, ServletException {
    if (isLoopback(request.getRemoteAddr()) || (expected != null && presents(request, expected))) {
      chain.doFilter(request, response);
    } else if (expected == null) {
      response.sendError(HttpServletResponse.SC_FORBIDDEN, "metrics are served to this machine only");
    } else {
      response.setHeader("WWW-Authenticate", "Bearer");
      response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "metrics need the bearer token");
    }
  }

  private static boolean presents(HttpServletRequest request, byte[] expected) {
    String header = request.getHeader("Authorization");
    return header != null && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expected);
  }

  private static boolean isLoopback(String address) {
    try {
      // The servlet container gives a literal address: no name lookup happens here.
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
