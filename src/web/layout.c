/*
 * layout.c - the GOV.UK page template around every page, and the error
 * pages. Markup follows govuk-frontend's template.njk, header, service
 * navigation, phase banner and footer components.
 */
#include "govuk_logo.h"
#include "web/assets.h"
#include "web/govuk.h"
#include "web/pages.h"

#include <string.h>

#define SERVICE_NAME "Manage school improvement support"

static void nav_item(Html *h, const char *href, const char *text, int current)
{
    if (current) {
        html_printf(h,
                    "<li class=\"govuk-service-navigation__item govuk-service-navigation__item--active\">"
                    "<a class=\"govuk-service-navigation__link\" href=\"%s\" aria-current=\"page\">"
                    "<strong class=\"govuk-service-navigation__active-fallback\">%s</strong></a></li>",
                    href, text);
    } else {
        html_printf(h,
                    "<li class=\"govuk-service-navigation__item\">"
                    "<a class=\"govuk-service-navigation__link\" href=\"%s\">%s</a></li>",
                    href, text);
    }
}

static int is(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static void header(Req *r, Html *h, const char *nav)
{
    html_lit(h, "<header class=\"govuk-template__header\">"
                "<div class=\"govuk-header\"><div class=\"govuk-header__container govuk-width-container\">"
                "<div class=\"govuk-header__logo\"><a href=\"/\" class=\"govuk-header__homepage-link\">"
                "<svg focusable=\"false\" role=\"img\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 324 60\""
                " height=\"30\" width=\"162\" fill=\"currentcolor\" class=\"govuk-header__logotype\""
                " aria-label=\"GOV.UK\"><title>GOV.UK</title>" GOVUK_CROWN_SVG GOVUK_LOGOTYPE_SVG "</svg>"
                "</a></div></div></div>"
                "<section aria-label=\"Service information\" class=\"govuk-service-navigation\""
                " data-module=\"govuk-service-navigation\"><div class=\"govuk-width-container\">"
                "<div class=\"govuk-service-navigation__container\">"
                "<span class=\"govuk-service-navigation__service-name\">"
                "<a href=\"/\" class=\"govuk-service-navigation__link\">" SERVICE_NAME "</a></span>");
    if (r->signed_in) {
        html_lit(h, "<nav aria-label=\"Menu\" class=\"govuk-service-navigation__wrapper\">"
                    "<button type=\"button\" class=\"govuk-service-navigation__toggle"
                    " govuk-js-service-navigation-toggle\" aria-controls=\"navigation\" hidden aria-hidden=\"true\">"
                    "Menu</button><ul class=\"govuk-service-navigation__list\" id=\"navigation\">");
        nav_item(h, "/", "Home", is(nav, "home"));
        if (authorise(&r->who, PERM_CASE_EXTERNAL, NULL) == ACCESS_ALLOW)
            nav_item(h, "/your-cases", "Your cases", is(nav, "your-cases"));
        if (authorise(&r->who, PERM_CASES_READ, NULL) == ACCESS_ALLOW)
            nav_item(h, "/cases", "All cases", is(nav, "cases"));
        if (authorise(&r->who, PERM_SCREENING_READ, NULL) == ACCESS_ALLOW)
            nav_item(h, "/screening", "Screening", is(nav, "screening"));
        if (authorise(&r->who, PERM_REFDATA_READ, NULL) == ACCESS_ALLOW)
            nav_item(h, "/schools", "Find a school", is(nav, "schools"));
        /* the grants, payment runs and budgets (issue 14): the grant team's own item (analysts and
           administrators reach them from their home page, so their navigation stays on one line) */
        if (authorise(&r->who, PERM_GRANTS_MANAGE, NULL) == ACCESS_ALLOW)
            nav_item(h, "/grants", "Grants and payments", is(nav, "grants") || is(nav, "payments") || is(nav, "budgets"));
        /* the register of supporting organisations and people (issue 12) */
        if (authorise(&r->who, PERM_PROVIDERS_READ, NULL) == ACCESS_ALLOW)
            nav_item(h, "/providers", "Supporting organisations", is(nav, "providers"));
        /* the administration areas: one item when the role reaches more
           than one, so the navigation fits on one line */
        size_t n_areas, reach = 0, only = 0;
        const AdminArea *areas = admin_areas(&n_areas);
        int in_admin = is(nav, "admin");
        for (size_t i = 0; i < n_areas; i++) {
            if (authorise(&r->who, areas[i].perm, NULL) != ACCESS_ALLOW)
                continue;
            int seen = 0; /* two pages of one area (settings) count once */
            for (size_t k = 0; k < i && !seen; k++)
                seen = strcmp(areas[k].nav, areas[i].nav) == 0 && authorise(&r->who, areas[k].perm, NULL) == ACCESS_ALLOW;
            if (!seen && reach++ == 0)
                only = i;
            in_admin |= is(nav, areas[i].nav);
        }
        if (reach > 1)
            nav_item(h, "/admin", "Administration", in_admin);
        else if (reach == 1)
            nav_item(h, areas[only].href, areas[only].name, is(nav, areas[only].nav));
        html_printf(h,
                    "<li class=\"govuk-service-navigation__item\">"
                    "<form method=\"post\" action=\"/logout\" class=\"rise-signout\">"
                    "<input type=\"hidden\" name=\"csrf_token\" value=\"%s\">"
                    "<button type=\"submit\" class=\"govuk-service-navigation__link rise-signout__button\">"
                    "Sign out</button></form></li>",
                    req_csrf(r));
        html_lit(h, "</ul></nav>");
    }
    html_lit(h, "</div></div></section></header>");
}

static void footer(Html *h)
{
    html_lit(h, "<footer class=\"govuk-template__footer\"><div class=\"govuk-footer\">"
                "<div class=\"govuk-width-container\">"
                "<svg focusable=\"false\" role=\"presentation\" xmlns=\"http://www.w3.org/2000/svg\""
                " viewBox=\"0 0 64 60\" height=\"30\" width=\"32\" fill=\"currentcolor\" class=\"govuk-footer__crown\">"
                GOVUK_CROWN_SVG "</svg>"
                "<div class=\"govuk-footer__meta\">"
                "<div class=\"govuk-footer__meta-item govuk-footer__meta-item--grow\">"
                "<h2 class=\"govuk-visually-hidden\">Support links</h2>"
                "<ul class=\"govuk-footer__inline-list\">"
                "<li class=\"govuk-footer__inline-list-item\">"
                "<a class=\"govuk-footer__link\" href=\"/accessibility\">Accessibility statement</a></li>"
                "<li class=\"govuk-footer__inline-list-item\">"
                "<a class=\"govuk-footer__link\" href=\"/cookies\">Cookies</a></li>"
                "<li class=\"govuk-footer__inline-list-item\">"
                "<a class=\"govuk-footer__link\" href=\"/privacy\">Privacy</a></li></ul>"
                "<svg aria-hidden=\"true\" focusable=\"false\" class=\"govuk-footer__licence-logo\""
                " xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 483.2 195.7\" height=\"17\" width=\"41\">"
                "<path fill=\"currentColor\" d=\"M421.5 142.8V.1l-50.7 32.3v161.1h112.4v-50.7zm-122.3-9.6A47.12 "
                "47.12 0 0 1 221 97.8c0-26 21.1-47.1 47.1-47.1 16.7 0 31.4 8.7 39.7 21.8l42.7-27.2A97.63 97.63 0 0 0 "
                "268.1 0c-36.5 0-68.3 20.1-85.1 49.7A98 98 0 0 0 97.8 0C43.9 0 0 43.9 0 97.8s43.9 97.8 97.8 97.8c36.5 "
                "0 68.3-20.1 85.1-49.7a97.76 97.76 0 0 0 149.6 25.4l19.4 22.2h3v-87.8h-80l24.3 27.5zM97.8 145c-26 "
                "0-47.1-21.1-47.1-47.1s21.1-47.1 47.1-47.1 47.2 21 47.2 47S123.8 145 97.8 145\"/></svg>"
                "<span class=\"govuk-footer__licence-description\">All content is available under the "
                "<a class=\"govuk-footer__link\" href=\"https://www.nationalarchives.gov.uk/doc/"
                "open-government-licence/version/3/\" rel=\"license\">Open Government Licence v3.0</a>, "
                "except where otherwise stated</span></div>"
                "<div class=\"govuk-footer__meta-item\"><a class=\"govuk-footer__link govuk-footer__copyright-logo\""
                " href=\"https://www.nationalarchives.gov.uk/information-management/"
                "re-using-public-sector-information/uk-government-licensing-framework/crown-copyright/\">"
                "&copy; Crown copyright</a></div></div></div></div></footer>");
}

void page_flash(Req *r, Html *h)
{
    if (!r->flash || !*r->flash)
        return;
    const char *sep = strchr(r->flash, FLASH_LINK_SEP[0]);
    const char *sep2 = sep ? strchr(sep + 1, FLASH_LINK_SEP[0]) : NULL;
    if (!sep2 || sep2[1] != '/') { /* plain text; a link only to a page of this service */
        govuk_notification_banner(h, &(GovukNotificationBanner){.success = 1, .text = r->flash});
        return;
    }
    Html body;
    html_init(&body);
    html_printf(&body, "<h3 class=\"govuk-notification-banner__heading\">%.*s</h3><p class=\"govuk-body\">"
                       "<a class=\"govuk-notification-banner__link\" href=\"%s\">%.*s</a></p>",
                (int)(sep - r->flash), r->flash, sep2 + 1, (int)(sep2 - sep - 1), sep + 1);
    govuk_notification_banner(h, &(GovukNotificationBanner){.success = 1, .html = &body});
    html_free(&body);
}

void page_render(Req *r, Resp *w, int status, const PageOpts *o, const Html *content)
{
    Html *h = &w->html;
    html_reset(h);
    w->status = status;
    html_printf(h,
                "<!DOCTYPE html>\n<html lang=\"en\" class=\"govuk-template\"><head><meta charset=\"utf-8\">"
                "<title>%s%s - " SERVICE_NAME " - GOV.UK</title>"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">"
                "<meta name=\"theme-color\" content=\"#1d70b8\">",
                o->has_errors ? "Error: " : "", o->title ? o->title : "");
    html_printf(h, "<link rel=\"icon\" sizes=\"48x48\" href=\"%s\">", asset_url("/assets/images/favicon.ico"));
    html_printf(h, "<link rel=\"icon\" sizes=\"any\" href=\"%s\" type=\"image/svg+xml\">",
                asset_url("/assets/images/favicon.svg"));
    html_printf(h, "<link rel=\"apple-touch-icon\" href=\"%s\">", asset_url("/assets/images/govuk-icon-180.png"));
    html_printf(h, "<link rel=\"stylesheet\" href=\"%s\">", asset_url("/assets/govuk-frontend.min.css"));
    html_printf(h, "<link rel=\"stylesheet\" href=\"%s\">", asset_url("/assets/moj-frontend.min.css"));
    html_printf(h, "<link rel=\"stylesheet\" href=\"%s\">", asset_url("/assets/rise.css"));
    html_lit(h, "</head><body class=\"govuk-template__body\">"
                "<a href=\"#main-content\" class=\"govuk-skip-link\" data-module=\"govuk-skip-link\">"
                "Skip to main content</a>");
    header(r, h, o->nav);
    html_lit(h, "<div class=\"govuk-width-container\">"
                "<div class=\"govuk-phase-banner\"><p class=\"govuk-phase-banner__content\">"
                "<strong class=\"govuk-tag govuk-phase-banner__content__tag\">Beta</strong>"
                "<span class=\"govuk-phase-banner__text\">This is a new service. Tell your administrator what"
                " would make it better.</span></p></div>");
    if (o->before)
        html_append(h, o->before);
    html_lit(h, "<main class=\"govuk-main-wrapper\" id=\"main-content\">");
    html_append(h, content);
    html_lit(h, "</main></div>");
    footer(h);
    html_printf(h, "<script type=\"module\" src=\"%s\"></script></body></html>\n", asset_url("/assets/rise.js"));
}

void page_render_form(Req *r, Resp *w, PageOpts *o, const FormErrors *errs, const Html *content)
{
    o->has_errors = errs->n > 0;
    page_render(r, w, errs->n ? 400 : 200, o, content);
}

void page_error(Req *r, Resp *w, int status)
{
    Html c;
    html_init(&c);
    const char *title;
    switch (status) {
    case 400:
        title = "Sorry, there is a problem with what was sent";
        html_lit(&c, "<p class=\"govuk-body\">The page or form could not be read: it had characters or "
                     "encoding that a browser would not normally send.</p>"
                     "<p class=\"govuk-body\">Go back, check what you entered, and try again.</p>");
        break;
    case 403:
        title = "You do not have permission to see this page";
        html_lit(&c, "<p class=\"govuk-body\">Your account does not give access to this page, or the form you "
                     "sent had expired. If you were filling in a form, go back, reload the page and try again.</p>"
                     "<p class=\"govuk-body\">If you think you should have access, contact your administrator.</p>"
                     "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/\">Go to the home page</a></p>");
        break;
    case 404:
        title = "Page not found";
        html_lit(&c, "<p class=\"govuk-body\">If you typed the web address, check it is correct.</p>"
                     "<p class=\"govuk-body\">If you pasted the web address, check you copied the entire"
                     " address.</p>"
                     "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/\">Go to the home page</a></p>");
        break;
    case 405:
        title = "Sorry, that cannot be done here";
        html_lit(&c, "<p class=\"govuk-body\">This address does not accept that kind of request.</p>"
                     "<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/\">Go to the home page</a></p>");
        break;
    case 413:
        title = "What you sent is too large";
        html_lit(&c, "<p class=\"govuk-body\">The form or file was larger than this service accepts."
                     " Nothing was saved.</p>"
                     "<p class=\"govuk-body\">Go back and send less, or a smaller file.</p>");
        break;
    case 431:
        title = "What your browser sent is too large";
        html_lit(&c, "<p class=\"govuk-body\">The request had more, or longer, headers than this service"
                     " accepts. This can happen when your browser holds too many cookies for this site.</p>"
                     "<p class=\"govuk-body\">Clear this site's cookies in your browser, then try again.</p>");
        break;
    case 503:
        title = "Sorry, too many files are being uploaded";
        html_lit(&c, "<p class=\"govuk-body\">Other files are being uploaded at the moment. Yours was not"
                     " sent and nothing was saved.</p>"
                     "<p class=\"govuk-body\">Wait a minute, then go back and upload it again.</p>");
        break;
    case 507:
        title = "Sorry, there is not enough space to store your file";
        html_lit(&c, "<p class=\"govuk-body\">The service's disk is nearly full, so your file was not stored"
                     " and nothing was saved.</p>"
                     "<p class=\"govuk-body\">Tell your administrator, then try again later.</p>");
        break;
    default:
        status = 500;
        title = "Sorry, there is a problem with the service";
        html_lit(&c, "<p class=\"govuk-body\">Try again later.</p>"
                     "<p class=\"govuk-body\">If you were saving something, it has not been saved.</p>");
        break;
    }
    Html page;
    html_init(&page);
    html_printf(&page, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
                       "<h1 class=\"govuk-heading-l\">%s</h1>", title);
    html_append(&page, &c);
    html_lit(&page, "</div></div>");
    PageOpts o = {.title = title};
    page_render(r, w, status, &o, &page);
    html_free(&c);
    html_free(&page);
}
