// The demo LMS is a single-page app: links marked data-route change the view with history.pushState,
// so the widget must recompute its suggestions from the current URL, title and heading when opened.
const routes = {
  '/demo/admin/tool/uploaduser/': {
    title: 'Upload users | Kestrel LMS',
    crumbs: ['Site administration', 'Users', 'Upload users'],
    render: null, // the page's initial markup
  },
  '/demo/admin/tool/oauth2/': {
    title: 'OAuth 2 services | Kestrel LMS',
    crumbs: ['Site administration', 'Server', 'OAuth 2 services'],
    render: (view) => {
      view.replaceChildren();
      const h1 = el('h1', 'OAuth 2 services');
      const intro = el(
        'p',
        'Services that let people log in with their Microsoft, Google or other accounts. Create a service for Microsoft to offer "Log in with Microsoft" on the login page.',
      );
      const table = document.createElement('table');
      table.className = 'generaltable';
      const caption = el('caption', 'Configured services');
      const head = document.createElement('tr');
      for (const h of ['Name', 'Configured', 'Allow login', 'Edit']) head.append(el('th', h));
      const row = document.createElement('tr');
      for (const c of ['Microsoft', 'No (client secret missing)', 'Yes', 'Edit']) row.append(el('td', c));
      table.append(caption, head, row);
      const actions = document.createElement('p');
      const button = el('button', 'Create new Microsoft service');
      button.className = 'btn';
      button.type = 'button';
      actions.append(button);
      view.append(h1, intro, table, actions);
    },
  },
};

function el(tag, text) {
  const node = document.createElement(tag);
  node.textContent = text;
  return node;
}

const view = document.getElementById('view');
const initial = view.cloneNode(true);

function show(path) {
  const route = routes[path] || routes['/demo/admin/tool/uploaduser/'];
  document.title = route.title;
  if (route.render) route.render(view);
  else view.replaceChildren(...Array.from(initial.cloneNode(true).childNodes));
  const crumbs = document.getElementById('crumbs');
  crumbs.replaceChildren(
    ...route.crumbs.map((label, i) => {
      const li = document.createElement('li');
      if (i === route.crumbs.length - 1) {
        const span = el('span', label);
        span.setAttribute('aria-current', 'page');
        li.append(span);
      } else {
        const a = el('a', label);
        a.href = '/demo/admin/tool/uploaduser/';
        a.dataset.route = '';
        li.append(a);
      }
      return li;
    }),
  );
  bindForm();
}

function bindForm() {
  const form = document.getElementById('upload-form');
  if (form) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      document.getElementById('form-note').textContent = 'Choose a CSV file first.';
    });
  }
}

document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a[data-route]') : null;
  if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
  const path = new URL(link.href).pathname;
  event.preventDefault();
  if (path !== location.pathname) history.pushState({}, '', path);
  show(path);
  document.getElementById('main').focus();
});

window.addEventListener('popstate', () => show(location.pathname));

if (!routes[location.pathname]) history.replaceState({}, '', '/demo/admin/tool/uploaduser/');
show(location.pathname);
