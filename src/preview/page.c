/*
 * page.c - the preview page: a small HTML shell, its stylesheet and its
 * script. The script reads /state.json, draws the spreads, the two
 * newsletter widths, the text part and the diagnostics with the DOM (text
 * goes in as textContent, never as markup), and listens to /events for
 * the next build. Nothing here is from the issue: the text only
 * ever reaches the page through JSON and textContent, or as the newsletter
 * inside a sandboxed iframe.
 */
#include <string.h>

#include "preview.h"
#include "../web/template.h"
#include "../util/banned.h"

const char tz_preview_css[] =
	":root{--fg:#1b1f24;--muted:#4a5360;--bg:#eef0f3;--card:#fff;--err:#b3261e;--warn:#8a5a00}"
	"body{margin:0;font:15px/1.4 system-ui,sans-serif;color:var(--fg);background:var(--bg)}"
	"header{position:sticky;top:0;z-index:5;background:#1b2a3a;color:#fff;padding:8px 16px;"
	"display:flex;gap:16px;align-items:center;flex-wrap:wrap}header h1{font-size:17px;margin:0}"
	"header .st{font-size:13px;opacity:.9}header label{font-size:13px}"
	"nav a{color:#fff;margin-right:12px}"
	"main{padding:12px 16px}section{background:var(--card);border-radius:6px;padding:12px;"
	"margin-bottom:16px}h2{margin:0 0 8px;font-size:18px}"
	".banner{background:#fdecea;border-left:4px solid var(--err);padding:8px 12px;margin-bottom:12px}"
	".spreads{display:flex;flex-wrap:wrap;gap:18px}.spread{display:flex;gap:0}"
	".pg{position:relative;width:min(22vw,260px);box-shadow:0 1px 4px #0004;background:#fff}"
	".pg img{display:block;width:100%;cursor:zoom-in}"
	".pg .no{position:absolute;bottom:-18px;left:0;font-size:12px;color:var(--muted)}"
	".box{position:absolute;pointer-events:none;display:none}"
	"body.trim .trim,body.bleed .bleed,body.safe .safe{display:block}"
	".trim{border:1px solid #e00}.bleed{border:1px dashed #09c}.safe{border:1px dotted #0a0}"
	".diagbox{position:absolute;box-sizing:border-box;border:2px solid var(--err);"
	"background:#b3261e26}.diagbox.w{border-color:var(--warn);background:#8a5a0026}"
	".mark{position:absolute;top:4px;right:4px;background:var(--err);color:#fff;border-radius:10px;"
	"padding:1px 7px;font-size:12px;max-width:90%}.mark.w{background:var(--warn)}"
	".mails{display:flex;gap:16px;flex-wrap:wrap;align-items:flex-start}"
	"iframe{border:1px solid #ccc;background:#fff;height:900px}"
	"pre{white-space:pre-wrap;max-height:600px;overflow:auto;background:#f6f7f9;padding:8px;"
	"font-size:13px;max-width:620px}"
	".inbox{border:1px solid #ccc;padding:8px;max-width:600px;background:#fff}"
	".inbox b{display:block}.inbox span{color:var(--muted)}"
	"ul.diags{list-style:none;padding:0;margin:0}ul.diags li{padding:4px 0;border-bottom:1px solid #eee;"
	"cursor:pointer}.e{color:var(--err)}.w{color:var(--warn)}"
	".src .hit{background:#fff3b0;display:block}"
	"#large{position:fixed;inset:0;background:#000c;display:none;z-index:9;overflow:auto;"
	"text-align:center}#large img{max-width:95vw;margin:2vh auto}"
	"button{font:inherit;padding:6px 14px}";

const char tz_preview_js[] =
	"'use strict';\n"
	"let state=null;const $=s=>document.querySelector(s);\n"
	"function el(t,c,txt){const e=document.createElement(t);if(c)e.className=c;"
	"if(txt!==undefined)e.textContent=txt;return e;}\n"
	"function spreads(n){const s=[[1]];for(let i=2;i<=n;i+=2)s.push(i+1<=n?[i,i+1]:[i]);"
	"return n>0?s:[];}\n"
	"function drawPages(st){const root=$('#spreads');root.textContent='';"
	"for(const sp of spreads(st.pages.length)){const d=el('div','spread');"
	"for(const n of sp){const p=st.pages[n-1];const box=el('div','pg');box.dataset.page=n;"
	"const img=el('img');img.src='/page/'+n+'.png?v='+p.v+'-'+p.hash;img.alt='page '+n;"
	"img.addEventListener('click',()=>{$('#large img').src='/large/'+n+'.png?v='+p.v+'-'+p.hash;"
	"$('#large').style.display='block';});"
	"box.appendChild(img);const b=st.bleed;const pct=(v,w)=>(100*v/w)+'%';"
	"const mk=(c,i)=>{const o=el('div','box '+c);o.style.left=pct(i,p.w);o.style.top=pct(i,p.h);"
	"o.style.right=pct(i,p.w);o.style.bottom=pct(i,p.h);box.appendChild(o);};"
	"mk('bleed',0);mk('trim',b);mk('safe',b+14.17);"
	"const ds=st.diags.filter(x=>x.page===n);"
	"for(const x of ds.filter(x=>x.box)){const o=el('div','diagbox'+(x.sev==='error'?'':' w'));"
	"o.style.left=pct(x.box[0],p.w);o.style.top=pct(x.box[1],p.h);o.style.width=pct(x.box[2],p.w);"
	"o.style.height=pct(x.box[3],p.h);o.title=x.msg;box.appendChild(o);}"
	"if(ds.length){const m=el('div','mark'+"
	"(ds.some(x=>x.sev==='error')?'':' w'),ds.length+' ⚠');m.title=ds.map(x=>x.msg).join('\\n');"
	"box.appendChild(m);}"
	"box.appendChild(el('span','no',String(n)));d.appendChild(box);}root.appendChild(d);}}\n"
	"function drawMail(st){for(const l of ['nl','en']){const sec=$('#mail-'+l);"
	"sec.hidden=!st.newsletter[l];if(!st.newsletter[l])continue;"
	"const i=l==='nl'?0:1;const kb=st.newsletter.html_bytes[i]/1024;"
	"sec.querySelector('.size').textContent=kb.toFixed(1)+' KB of Gmail\\'s 102 KB clip'+"
	"(st.newsletter.html_bytes[i]>st.newsletter.clip_bytes?' — OVER: Gmail cuts it off':'');"
	"for(const f of sec.querySelectorAll('iframe'))f.src='/'+l+'/newsletter.html?g='+st.generation;"
	"fetch('/'+l+'/newsletter.txt?g='+st.generation).then(r=>r.ok?r.text():'').then(t=>"
	"{sec.querySelector('pre').textContent=t;});}"
	"$('#inbox-from').textContent=st.from;$('#inbox-subject').textContent=st.subject;"
	"$('#inbox-pre').textContent=st.preheader;}\n"
	"function drawDiags(st){const ul=$('#diags');ul.textContent='';"
	"$('#count').textContent=st.errors+' errors, '+st.warnings+' warnings';"
	"for(const d of st.diags){const li=el('li',d.sev==='error'?'e':'w');"
	"li.textContent=(d.file?d.file+(d.line?':'+d.line:'')+': ':'')+d.sev+': '+d.msg;"
	"if(d.file)li.addEventListener('click',()=>fetch('/source?file='+encodeURIComponent(d.file)+"
	"'&line='+d.line).then(r=>r.text()).then(h=>{$('#source').innerHTML=h;}));ul.appendChild(li);}}\n"
	"function drawStatus(st){const t=new Date(st.built_at*1000);"
	"$('#status').textContent=(st.building?'building… ':'')+'last build '+t.toLocaleTimeString()+"
	"' in '+st.build_ms+' ms + '+st.render_ms+' ms for '+st.pages_rendered+' page image(s)'+"
	"(st.changed?' — changed: '+st.changed:'');"
	"const ban=$('#banner');ban.hidden=st.ok;ban.textContent=st.ok?'':'The last build failed'+"
	"(st.error?': '+st.error:'')+'. The pages shown are from the last good build; the errors are listed under Check.';"
	"$('#send-result').textContent=st.send_result;$('#send').disabled=!st.tests||st.sending;"
	"document.body.dataset.generation=st.generation;document.body.dataset.ok=st.ok;}\n"
	"async function refresh(){const r=await fetch('/state.json');state=await r.json();"
	"drawStatus(state);drawPages(state);drawMail(state);drawDiags(state);}\n"
	"for(const k of ['trim','bleed','safe'])$('#t-'+k).addEventListener('change',e=>"
	"document.body.classList.toggle(k,e.target.checked));\n"
	"$('#large').addEventListener('click',()=>{$('#large').style.display='none';});\n"
	"$('#send').addEventListener('click',async()=>{$('#send-result').textContent='sending…';"
	"const r=await fetch('/send',{method:'POST',headers:{'X-CSRF-Token':state.csrf}});"
	"if(!r.ok)$('#send-result').textContent=await r.text();});\n"
	"const es=new EventSource('/events');es.addEventListener('build',()=>refresh());\n"
	"refresh();\n";

int tz_preview_page_html(struct tz_preview *p, struct tz_buf *b)
{
	tz_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
		       "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
		       "<title>Preview: ");
	tz_html_escape(b, p->p.slug, strlen(p->p.slug));
	tz_buf_adds(b, "</title><link rel=\"stylesheet\" href=\"/app.css\"></head><body>"
		       "<header><h1>Preview: ");
	tz_html_escape(b, p->p.slug, strlen(p->p.slug));
	tz_buf_adds(b,
		    "</h1><nav><a href=\"#print\">Print</a><a href=\"#mail\">Newsletter</a>"
		    "<a href=\"#check\">Check</a><a href=\"#send-sec\">Test send</a></nav>"
		    "<label><input type=\"checkbox\" id=\"t-trim\"> trim</label>"
		    "<label><input type=\"checkbox\" id=\"t-bleed\"> bleed</label>"
		    "<label><input type=\"checkbox\" id=\"t-safe\"> safe zone (5 mm)</label>"
		    "<span class=\"st\" id=\"status\" role=\"status\"></span></header><main>"
		    "<div class=\"banner\" id=\"banner\" role=\"alert\" hidden></div>"
		    "<section id=\"print\"><h2>Print</h2><div class=\"spreads\" id=\"spreads\"></div>"
		    "</section><section id=\"mail\"><h2>Newsletter</h2><div class=\"inbox\">"
		    "<b id=\"inbox-from\"></b><b id=\"inbox-subject\"></b><span id=\"inbox-pre\"></span>"
		    "</div>");
	static const char *const langs[] = {"nl", "en"};
	for (int l = 0; l < 2; l++)
		tz_buf_addf(b,
			    "<div id=\"mail-%s\"><h3>%s · <span class=\"size\"></span></h3>"
			    "<div class=\"mails\"><iframe sandbox title=\"e-mail %s at 600 px\" "
			    "width=\"602\"></iframe><iframe sandbox title=\"e-mail %s at 375 px\" "
			    "width=\"377\"></iframe><pre aria-label=\"text part %s\"></pre></div></div>",
			    langs[l], l ? "English" : "Nederlands", langs[l], langs[l], langs[l]);
	return tz_buf_adds(b,
			   "</section><section id=\"check\"><h2>Check <small id=\"count\"></small></h2>"
			   "<ul class=\"diags\" id=\"diags\"></ul><div id=\"source\"></div></section>"
			   "<section id=\"send-sec\"><h2>Test send</h2><button id=\"send\" "
			   "type=\"button\">Send a test to the test addresses</button>"
			   "<pre id=\"send-result\"></pre></section></main>"
			   "<div id=\"large\"><img alt=\"page, large\"></div>"
			   "<script src=\"/app.js\"></script></body></html>\n");
}
