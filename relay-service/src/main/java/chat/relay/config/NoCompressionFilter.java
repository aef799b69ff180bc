package chat.relay.config;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Hides the client's WebSocket extension offer, so the relay never negotiates permessage-deflate.
 * The relay carries ciphertext, which does not compress, while a deflate context costs every
 * session native memory and every frame CPU. Tomcat negotiates extensions from the request
 * headers itself (Spring's handshake handler cannot veto it), hence a filter.
 */
@Component
final class NoCompressionFilter extends OncePerRequestFilter {

  static final String EXTENSIONS_HEADER = "Sec-WebSocket-Extensions";

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    chain.doFilter(request.getHeader(EXTENSIONS_HEADER) == null ? request : new WithoutExtensions(request), response);
  }

  private static final class WithoutExtensions extends HttpServletRequestWrapper {

    WithoutExtensions(HttpServletRequest request) {
      super(request);
    }

    @Override
    public String getHeader(String name) {
      return EXTENSIONS_HEADER.equalsIgnoreCase(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
      return EXTENSIONS_HEADER.equalsIgnoreCase(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
      return Collections.enumeration(Collections.list(super.getHeaderNames()).stream()
          .filter(name -> !EXTENSIONS_HEADER.equalsIgnoreCase(name)).toList());
    }
  }
}
