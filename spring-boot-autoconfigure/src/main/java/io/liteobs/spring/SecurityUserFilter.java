package io.liteobs.spring;

import io.liteobs.instrumentation.servlet.LiteObsServletFilter;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;

/**
 * {@link LiteObsServletFilter} with the user Spring Security authenticated. The filter runs before Security, so
 * that refused requests are recorded too, and reads the user once the chain has run: from the container, or else
 * from the security context Spring Security keeps in a request attribute
 * ({@link RequestAttributeSecurityContextRepository}, its default for HTTP basic, form login and bearer tokens).
 */
final class SecurityUserFilter implements Filter {

    private final LiteObsServletFilter recording;

    SecurityUserFilter(LiteObsServletFilter recording) {
        this.recording = Objects.requireNonNull(recording, "recording");
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        recording.doFilter(request instanceof HttpServletRequest http ? new SecurityUserRequest(http) : request,
                response, chain);
    }

    @Override
    public String toString() {
        return recording.toString();
    }

    /** A request whose remote user falls back on the security context stored in its attributes. */
    private static final class SecurityUserRequest extends HttpServletRequestWrapper {

        private static final AuthenticationTrustResolver TRUST = new AuthenticationTrustResolverImpl();

        SecurityUserRequest(HttpServletRequest request) {
            super(request);
        }

        @Override
        public @Nullable String getRemoteUser() {
            String containerUser = super.getRemoteUser();
            if (containerUser != null) {
                return containerUser;
            }
            if (getAttribute(RequestAttributeSecurityContextRepository.DEFAULT_REQUEST_ATTR_NAME)
                    instanceof SecurityContext context) {
                Authentication authentication = context.getAuthentication();
                if (authentication != null && authentication.isAuthenticated()
                        && !TRUST.isAnonymous(authentication)) {
                    return authentication.getName();
                }
            }
            return null;
        }
    }
}
