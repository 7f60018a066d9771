/*
 * info.c - the pages every GOV.UK service links from its footer: the
 * accessibility statement, cookies and privacy notice.
 */
#include "web/pages.h"

static void info_page(Req *r, Resp *w, const char *title, const Html *body)
{
    Html h;
    html_init(&h);
    html_printf(&h, "<div class=\"govuk-grid-row\"><div class=\"govuk-grid-column-two-thirds\">"
                    "<h1 class=\"govuk-heading-l\">%s</h1>", title);
    html_append(&h, body);
    html_lit(&h, "</div></div>");
    PageOpts o = {.title = title};
    page_render(r, w, 200, &o, &h);
    html_free(&h);
}

void page_accessibility(Req *r, Resp *w)
{
    Html b;
    html_init(&b);
    html_lit(&b,
             "<p class=\"govuk-body\">This accessibility statement applies to Manage school improvement support,"
             " the casework service that the Department for Education's regional teams, advisers, supporting"
             " organisations and schools use to record and follow school-improvement support.</p>"
             "<p class=\"govuk-body\">We want as many people as possible to be able to use this service. You"
             " should be able to:</p><ul class=\"govuk-list govuk-list--bullet\">"
             "<li>change colours, contrast levels and fonts using browser or device settings</li>"
             "<li>zoom in up to 400% without the text spilling off the screen</li>"
             "<li>navigate the whole service using just a keyboard</li>"
             "<li>navigate the whole service using speech recognition software</li>"
             "<li>listen to the whole service using a screen reader</li>"
             "<li>use every page with JavaScript turned off</li></ul>"
             "<h2 class=\"govuk-heading-m\">How accessible this service is</h2>"
             "<p class=\"govuk-body\">The service is built with the GOV.UK Design System. Every page is checked"
             " automatically against the Web Content Accessibility Guidelines (WCAG) version 2.2 AA standard"
             " each time the service is changed. We are not aware of any part of the service that does not meet"
             " that standard.</p>"
             "<h2 class=\"govuk-heading-m\">Feedback and contact information</h2>"
             "<p class=\"govuk-body\">If you find a problem, or need information in a different format, tell the"
             " administrator of your regional team. We will consider your request and reply within 5 working"
             " days.</p>"
             "<h2 class=\"govuk-heading-m\">Enforcement procedure</h2>"
             "<p class=\"govuk-body\">The Equality and Human Rights Commission (EHRC) is responsible for enforcing"
             " the Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility Regulations 2018"
             " (the accessibility regulations). If you are not happy with how we respond to your complaint,"
             " <a class=\"govuk-link\" href=\"https://www.equalityadvisoryservice.com/\">contact the Equality"
             " Advisory and Support Service (EASS)</a>.</p>"
             "<h2 class=\"govuk-heading-m\">Technical information about this service's accessibility</h2>"
             "<p class=\"govuk-body\">The Department for Education is committed to making its services accessible,"
             " in accordance with the accessibility regulations. This service is fully compliant with the"
             " Web Content Accessibility Guidelines version 2.2 AA standard.</p>"
             "<h2 class=\"govuk-heading-m\">How we tested this service</h2>"
             "<p class=\"govuk-body\">Every page is tested with the axe-core accessibility engine in a real"
             " browser as part of the service's automated tests, for the WCAG 2.2 A and AA success criteria.</p>");
    info_page(r, w, "Accessibility statement", &b);
    html_free(&b);
}

void page_cookies(Req *r, Resp *w)
{
    Html b;
    html_init(&b);
    html_lit(&b,
             "<p class=\"govuk-body\">Cookies are small files saved on your phone, tablet or computer when you"
             " visit a website.</p>"
             "<p class=\"govuk-body\">This service uses one essential cookie to keep you signed in. It does not"
             " use analytics, advertising or any other cookies, so there is nothing to accept or reject.</p>"
             "<h2 class=\"govuk-heading-m\">Essential cookies</h2>"
             "<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-visually-hidden\">"
             "Essential cookies</caption><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">"
             "<th scope=\"col\" class=\"govuk-table__header\">Name</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">Purpose</th>"
             "<th scope=\"col\" class=\"govuk-table__header\">Expires</th></tr></thead>"
             "<tbody class=\"govuk-table__body\"><tr class=\"govuk-table__row\">"
             "<td class=\"govuk-table__cell\">rise_session</td>"
             "<td class=\"govuk-table__cell\">Keeps you signed in, and protects the forms you send from being"
             " forged by another website. It holds a random number, not your details.</td>"
             "<td class=\"govuk-table__cell\">When you close your browser, sign out, or after 60 minutes"
             " without using the service (12 hours at most)</td></tr></tbody></table>");
    info_page(r, w, "Cookies", &b);
    html_free(&b);
}

void page_privacy(Req *r, Resp *w)
{
    Html b;
    html_init(&b);
    html_lit(&b,
             "<p class=\"govuk-body\">This notice explains what personal information Manage school improvement"
             " support holds, why, and what your rights are.</p>"
             "<h2 class=\"govuk-heading-m\">Who we are</h2>"
             "<p class=\"govuk-body\">The Department for Education (DfE) is the data controller for the personal"
             " information in this service.</p>"
             "<h2 class=\"govuk-heading-m\">What we hold</h2><ul class=\"govuk-list govuk-list--bullet\">"
             "<li>your name, work email address, role, region and organisation, so that you can sign in and see"
             " the cases you work on</li>"
             "<li>a record of what you do in the service (what you changed, when, and the reason you gave),"
             " so that decisions about support and public money can be audited</li>"
             "<li>the network address your requests come from, to protect the service from attack</li>"
             "<li>the names, roles and work contact details of people at schools, trusts, local authorities and"
             " supporting organisations who are involved in a case</li></ul>"
             "<p class=\"govuk-body\">Your password is stored only as a one-way hash that cannot be turned back"
             " into the password.</p>"
             "<h2 class=\"govuk-heading-m\">Why we hold it</h2>"
             "<p class=\"govuk-body\">We use it to perform a public task: supporting the improvement of schools in"
             " England, and accounting for the grants paid to do so (UK GDPR Article 6(1)(e)).</p>"
             "<h2 class=\"govuk-heading-m\">How long we keep it</h2>"
             "<p class=\"govuk-body\">Accounts are disabled, not deleted, when someone leaves, because the audit"
             " trail must show who made each decision. Case records and their audit trail are kept for as long as"
             " DfE's records retention schedule requires for grant and casework records.</p>"
             "<h2 class=\"govuk-heading-m\">Your rights</h2>"
             "<p class=\"govuk-body\">You can ask to see the information we hold about you, and ask us to correct"
             " it. Contact your regional team's administrator, or DfE's data protection officer through"
             " <a class=\"govuk-link\" href=\"https://www.gov.uk/contact-dfe\">the Contact DfE page</a>."
             " You can complain to the"
             " <a class=\"govuk-link\" href=\"https://ico.org.uk/make-a-complaint/\">Information Commissioner's"
             " Office</a>.</p>");
    info_page(r, w, "Privacy notice", &b);
    html_free(&b);
}
